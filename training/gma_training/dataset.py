"""Reader of the window dataset file written by packages/core/src/synthetic/dataset-format.ts.

Layout (little-endian): magic b"GMADSET1"; uint32 header length H; H bytes of UTF-8 JSON
header (padded with spaces); float32 windows [N, W, 75]; uint32 infant id [N]; uint32 start
frame [N]; float32 age in weeks [N]; uint8 class index [N]; uint8 label [N] (0 normal,
1 anomaly). The file ends there.
"""
import json
import os
from dataclasses import dataclass

import numpy as np

MAGIC = b"GMADSET1"


class DatasetFormatError(ValueError):
    pass


@dataclass
class WindowDataset:
    header: dict
    windows: np.ndarray  # [N, W, 75] float32, memory-mapped (read-only)
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
    """Reads a dataset file. The windows are memory-mapped, not read: the trainer copies the
    splits it needs out of them, so a large dataset takes about its own size in memory, not
    twice (the whole file and then the copies)."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:8] != MAGIC:
            raise DatasetFormatError(f"{path}: not a GMA window dataset (magic {MAGIC!r} missing)")
        h = int.from_bytes(head[8:12], "little")
        header = json.loads(f.read(h).decode("utf-8"))
    if header.get("format") != "gma-window-dataset" or header.get("version") != 1:
        raise DatasetFormatError(f"{path}: unsupported header format/version {header.get('format')} {header.get('version')}")
    n, w = header["count"], header["windowSize"]
    expected = 12 + h + n * w * 75 * 4 + n * 14
    if size != expected:
        raise DatasetFormatError(f"{path}: {size} bytes, header announces {expected}")
    o = 12 + h
    windows = np.memmap(path, dtype="<f4", mode="r", offset=o, shape=(n, w, 75)) if n else np.zeros((0, w, 75), dtype="<f4")
    o += n * w * 75 * 4

    def take(dtype, count):
        nonlocal o
        arr = np.fromfile(path, dtype=dtype, count=count, offset=o)
        o += arr.nbytes
        return arr

    return WindowDataset(header, windows, take("<u4", n), take("<u4", n), take("<f4", n), take("u1", n), take("u1", n))
