"""Reader of the window dataset file written by packages/core/src/synthetic/dataset-format.ts.

Layout (little-endian): magic b"GMADSET1"; uint32 header length H; H bytes of UTF-8 JSON
header (padded with spaces); float32 windows [N, W, 75]; uint32 infant id [N]; uint32 start
frame [N]; float32 age in weeks [N]; uint8 class index [N]; uint8 label [N] (0 normal,
1 anomaly). The file ends there.
"""
import json
from dataclasses import dataclass

import numpy as np

MAGIC = b"GMADSET1"


class DatasetFormatError(ValueError):
    pass


@dataclass
class WindowDataset:
    header: dict
    windows: np.ndarray  # [N, W, 75] float32
    infant_ids: np.ndarray  # [N] uint32
    start_frames: np.ndarray  # [N] uint32
    age_weeks: np.ndarray  # [N] float32
    class_index: np.ndarray  # [N] uint8
    labels: np.ndarray  # [N] uint8

    @property
    def classes(self):
        return self.header["classes"]

    def class_names(self):
        return np.array(self.header["classes"], dtype=object)[self.class_index]


def read_dataset(path: str) -> WindowDataset:
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < 12 or buf[:8] != MAGIC:
        raise DatasetFormatError(f"{path}: not a GMA window dataset (magic {MAGIC!r} missing)")
    h = int.from_bytes(buf[8:12], "little")
    header = json.loads(buf[12 : 12 + h].decode("utf-8"))
    if header.get("format") != "gma-window-dataset" or header.get("version") != 1:
        raise DatasetFormatError(f"{path}: unsupported header format/version {header.get('format')} {header.get('version')}")
    n, w = header["count"], header["windowSize"]
    expected = 12 + h + n * w * 75 * 4 + n * 14
    if len(buf) != expected:
        raise DatasetFormatError(f"{path}: {len(buf)} bytes, header announces {expected}")
    o = 12 + h

    def take(dtype, count):
        nonlocal o
        arr = np.frombuffer(buf, dtype=dtype, count=count, offset=o).copy()
        o += arr.nbytes
        return arr

    windows = take("<f4", n * w * 75).reshape(n, w, 75)
    return WindowDataset(header, windows, take("<u4", n), take("<u4", n), take("<f4", n), take("u1", n), take("u1", n))
