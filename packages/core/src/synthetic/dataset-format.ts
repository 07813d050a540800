import { readFileSync, writeFileSync } from "node:fs";
import { DatasetFormatError } from "./dataset-format-error";

/**
 * The window dataset file (`.gmads`), written by the simulator and the importer and read by the
 * Python trainer (`training/gma_training/dataset.py`). All numbers little-endian.
 *
 * | offset | bytes | content |
 * |---|---|---|
 * | 0 | 8 | magic `GMADSET1` (ASCII) |
 * | 8 | 4 | uint32 H: byte length of the header |
 * | 12 | H | header: UTF-8 JSON ({@link DatasetHeader}), padded with spaces so that 12 + H is a multiple of 16 |
 * | 12 + H | N x W x 75 x 4 | windows, float32 [N, W, 75] (W = header.windowSize), normalised joints x, y, z |
 * | ... | N x 4 | infant id per window, uint32 (index into header.infants) |
 * | ... | N x 4 | start frame of the window in its infant's sequence, uint32 |
 * | ... | N x 4 | post-term age in weeks, float32 |
 * | ... | N | class index per window, uint8 (index into header.classes) |
 * | ... | N | label per window, uint8: 0 normal, 1 anomaly |
 *
 * The file ends there (its length is checked). No timestamps are stored, so the same inputs give
 * the same bytes.
 */
export const DATASET_MAGIC = "GMADSET1";

/** Version of the layout above, stored in the header. */
export const DATASET_FORMAT_VERSION = 1;

/** One recording (a simulated infant or an imported sequence) in a dataset. */
export interface DatasetInfant {
  id: number;
  /** Movement class name (`fidgety`, `absent-fidgety`, ... or the class given on import). */
  className: string;
  label: "normal" | "anomaly";
  ageWeeks: number;
  frames: number;
  windows: number;
  /** Simulation seed of this infant, or the source path of imported data. */
  source: string | number;
}

/** JSON header of a dataset file. */
export interface DatasetHeader {
  format: "gma-window-dataset";
  version: number;
  /** True when every window comes from the simulator. */
  synthetic: boolean;
  /** Number of windows N. */
  count: number;
  /** Frames per window W. */
  windowSize: number;
  /** Window stride in frames. */
  stride: number;
  joints: 25;
  channels: 75;
  fps: number;
  /** Class names; a window's class index points here. */
  classes: string[];
  infants: DatasetInfant[];
  /** Cleaning and normalisation applied before windowing (for the model card). */
  preprocessing: Record<string, unknown>;
  /** How the file was made (generator, seed, options). */
  provenance: Record<string, unknown>;
}

/** A decoded dataset: the header and the per-window arrays. */
export interface WindowDataset {
  header: DatasetHeader;
  /** N x W x 75. */
  windows: Float32Array;
  infantIds: Uint32Array;
  startFrames: Uint32Array;
  ageWeeks: Float32Array;
  classIndex: Uint8Array;
  labels: Uint8Array;
}

const PREFIX = 12;

/**
 * Largest dataset file, in bytes, that make-dataset writes: 4 GiB. make-dataset streams the file
 * (DatasetFileWriter), but the trainer reads the whole file into memory and copies its arrays out
 * of it (`training/gma_training/dataset.py`), and {@link encodeDataset} and {@link readDataset}
 * hold it in one Buffer, which Node 20 (the oldest Node the project runs on) caps at 4 GiB
 * (`buffer.constants.MAX_LENGTH`), so a larger file could not be read back.
 */
export const DATASET_MAX_BYTES = 2 ** 32;

/** Bytes one window takes in a dataset file: its W x 75 float32 values and its 14 bytes of per-window fields. */
export function datasetWindowBytes(windowSize: number): number {
  return windowSize * 75 * 4 + 14;
}

/** The per-window fields of a dataset, one value per window each, in the order the file stores them after the windows. */
export type DatasetWindowFields = Pick<WindowDataset, "infantIds" | "startFrames" | "ageWeeks" | "classIndex" | "labels">;

/**
 * The start of a dataset file up to its windows: magic, header length and the header's JSON,
 * padded with spaces so that the windows start on a multiple of 16 bytes.
 */
export function encodeDatasetHead(header: DatasetHeader): Buffer {
  let json = JSON.stringify(header);
  const pad = (16 - ((PREFIX + Buffer.byteLength(json, "utf8")) % 16)) % 16;
  json += " ".repeat(pad);
  const headerBytes = Buffer.from(json, "utf8");
  const head = Buffer.alloc(PREFIX + headerBytes.length);
  head.write(DATASET_MAGIC, 0, "ascii");
  head.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(head, PREFIX);
  return head;
}

/**
 * The per-window fields' sections of a dataset file, in file order, as bytes (views, no copies).
 * Buffers are little-endian only on little-endian hosts; every supported platform is.
 */
export function datasetFieldSections(fields: DatasetWindowFields): Buffer[] {
  return [fields.infantIds, fields.startFrames, fields.ageWeeks, fields.classIndex, fields.labels].map((arr) => Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
}

/** Serialises a dataset to bytes in the documented layout, after checking its consistency. */
export function encodeDataset(ds: WindowDataset): Uint8Array {
  validateDataset(ds);
  const head = encodeDatasetHead(ds.header);
  const total = head.length + ds.header.count * datasetWindowBytes(ds.header.windowSize);
  const out = Buffer.alloc(total);
  head.copy(out, 0);
  let o = head.length;
  for (const bytes of [Buffer.from(ds.windows.buffer, ds.windows.byteOffset, ds.windows.byteLength), ...datasetFieldSections(ds)]) {
    bytes.copy(out, o);
    o += bytes.length;
  }
  return out;
}

/** Parses and validates dataset bytes; throws {@link DatasetFormatError} saying what is wrong. */
export function decodeDataset(bytes: Uint8Array): WindowDataset {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PREFIX || buf.toString("ascii", 0, 8) !== DATASET_MAGIC) {
    throw new DatasetFormatError(`not a GMA window dataset: the file must start with "${DATASET_MAGIC}"`);
  }
  const headerLength = buf.readUInt32LE(8);
  if (PREFIX + headerLength > buf.length) throw new DatasetFormatError(`truncated header: ${headerLength} bytes announced, ${buf.length - PREFIX} present`);
  let header: DatasetHeader;
  try {
    header = JSON.parse(buf.toString("utf8", PREFIX, PREFIX + headerLength)) as DatasetHeader;
  } catch (cause) {
    throw new DatasetFormatError("the dataset header is not valid JSON", { cause });
  }
  if (header.format !== "gma-window-dataset") throw new DatasetFormatError(`header.format must be "gma-window-dataset", got ${JSON.stringify(header.format)}`);
  if (header.version !== DATASET_FORMAT_VERSION) throw new DatasetFormatError(`unsupported dataset version ${header.version}; this reader knows ${DATASET_FORMAT_VERSION}`);
  const n = header.count;
  const w = header.windowSize;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(w) || w < 2) throw new DatasetFormatError(`header.count and header.windowSize must be integers (count >= 0, windowSize >= 2), got ${n} and ${w}`);
  const expected = PREFIX + headerLength + n * datasetWindowBytes(w);
  if (buf.length !== expected) throw new DatasetFormatError(`file holds ${buf.length} bytes, the header announces ${expected} (count ${n}, windowSize ${w})`);
  // Copy into aligned arrays (the header length keeps offsets 16-aligned, but the Buffer itself may not be).
  let o = PREFIX + headerLength;
  const take = <T extends Float32Array | Uint32Array | Uint8Array>(ctor: { new (len: number): T; BYTES_PER_ELEMENT: number }, len: number): T => {
    const arr = new ctor(len);
    const bytesLen = len * ctor.BYTES_PER_ELEMENT;
    new Uint8Array(arr.buffer).set(buf.subarray(o, o + bytesLen));
    o += bytesLen;
    return arr;
  };
  const ds: WindowDataset = {
    header,
    windows: take(Float32Array, n * w * 75),
    infantIds: take(Uint32Array, n),
    startFrames: take(Uint32Array, n),
    ageWeeks: take(Float32Array, n),
    classIndex: take(Uint8Array, n),
    labels: take(Uint8Array, n),
  };
  validateDataset(ds);
  return ds;
}

/** Checks that arrays, header and per-window fields agree; throws {@link DatasetFormatError}. */
export function validateDataset(ds: WindowDataset): void {
  const { header } = ds;
  const n = header.count;
  if (ds.windows.length !== n * header.windowSize * 75) throw new DatasetFormatError(`windows hold ${ds.windows.length} values, expected count x windowSize x 75 = ${n * header.windowSize * 75}`);
  validateDatasetFields(header, ds);
}

/**
 * Checks that the header and the per-window fields agree (everything {@link validateDataset}
 * checks but the windows' values, which a streaming writer no longer holds); throws
 * {@link DatasetFormatError}.
 */
export function validateDatasetFields(header: DatasetHeader, ds: DatasetWindowFields): void {
  const n = header.count;
  if (header.joints !== 25 || header.channels !== 75) throw new DatasetFormatError(`header must say 25 joints and 75 channels, got ${header.joints} and ${header.channels}`);
  for (const [name, arr] of [["infantIds", ds.infantIds], ["startFrames", ds.startFrames], ["ageWeeks", ds.ageWeeks], ["classIndex", ds.classIndex], ["labels", ds.labels]] as const) {
    if (arr.length !== n) throw new DatasetFormatError(`${name} holds ${arr.length} values, expected one per window (${n})`);
  }
  const ids = new Set(header.infants.map((i) => i.id));
  for (let i = 0; i < n; i++) {
    if (!ids.has(ds.infantIds[i]!)) throw new DatasetFormatError(`window ${i} names infant ${ds.infantIds[i]}, which the header does not list`);
    if (ds.classIndex[i]! >= header.classes.length) throw new DatasetFormatError(`window ${i} has class index ${ds.classIndex[i]}, but only ${header.classes.length} classes are listed`);
    if (ds.labels[i]! > 1) throw new DatasetFormatError(`window ${i} has label ${ds.labels[i]}; labels are 0 (normal) or 1 (anomaly)`);
  }
}

/** Writes a dataset file. */
export function writeDataset(path: string, ds: WindowDataset): void {
  writeFileSync(path, encodeDataset(ds));
}

/** Reads and validates a dataset file. */
export function readDataset(path: string): WindowDataset {
  return decodeDataset(readFileSync(path));
}
