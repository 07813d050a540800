import buffer from "node:buffer";
import { constants as zlibConstants, deflateSync, inflateSync } from "node:zlib";
import { KeypointsInvalidError } from "./errors/keypoints-invalid-error";
import { KEYPOINT_COORDINATE_RANGE, isKeypointCoordinate } from "./keypoint-coordinate-limit";
import { JOINT_NAMES_25 } from "./joint-map";
import { decodeKeypointPlanes, KEYPOINT_NAN_CODE } from "./keypoint-payload";
import { assertKeypointTimestamps } from "./keypoint-timestamps";
import { JOINT_COUNT, VALUES_PER_FRAME, assertJointSequence, type JointSequence } from "./joint-sequence";

/** First four bytes of every encoded keypoint file. */
export const KEYPOINT_CODEC_MAGIC = "GMAK";
/** Format version written by {@link encodeKeypoints}; decoders reject others. */
export const KEYPOINT_CODEC_VERSION = 1;

const HEADER_BYTES = 40;
// Codes -32767..32767: 65535 levels, so the quantisation step is range / 65534.
const LEVELS = 65534;
const FLAG_TIMESTAMPS = 1;

/**
 * Encodes a joint sequence compactly (format version 1, little-endian):
 *
 * | bytes | field |
 * |---|---|
 * | 0-3 | magic `GMAK` |
 * | 4 | version (1) |
 * | 5 | flags (bit 0: timestamps present) |
 * | 6-7 | joint count (25) |
 * | 8-15 | fps (float64) |
 * | 16-19 | frame count (uint32) |
 * | 20-23 | reserved (0) |
 * | 24-31 | minimum finite value (float64) |
 * | 32-39 | quantisation step (float64) |
 * | 40- | zlib deflate of: int16 codes channel by channel, each channel delta-coded over frames (mod 2^16), stored as a plane of low bytes then a plane of high bytes; then the timestamps as float64 when flagged |
 *
 * Each value becomes round((v - min) / step) - 32767 with step = (max - min) / 65534 over the
 * sequence's finite values, so a decoded value is within step / 2 of the original (plus float32
 * rounding); NaN (a missing joint) becomes the reserved code -32768 and decodes as NaN.
 * Timestamps are stored exactly.
 */
export function encodeKeypoints(seq: JointSequence): Uint8Array {
  assertJointSequence(seq);
  // Checked before the values are quantised and compressed, the costly part.
  if (seq.timestampsMs) assertKeypointTimestamps(seq.timestampsMs, (i) => `Keypoints to encode, frame ${i}`);
  const { data, frameCount } = seq;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) continue;
    // Decoding refuses what lies outside the range, so it is never written.
    if (!isKeypointCoordinate(v)) throw new KeypointsInvalidError(`Keypoints to encode hold ${Number(v.toPrecision(7))} at ${valuePosition(i)}; a coordinate must be ${KEYPOINT_COORDINATE_RANGE}, or NaN (missing)`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) min = max = 0;
  const step = max > min ? (max - min) / LEVELS : 1;

  const channels = VALUES_PER_FRAME;
  const lo = new Uint8Array(channels * frameCount);
  const hi = new Uint8Array(channels * frameCount);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    let previous = 0;
    for (let f = 0; f < frameCount; f++) {
      const v = data[f * channels + c]!;
      const code = Number.isNaN(v) ? KEYPOINT_NAN_CODE : Math.round((v - min) / step) - 32767;
      const delta = (code - previous) & 0xffff;
      previous = code;
      lo[at] = delta & 0xff;
      hi[at] = delta >> 8;
      at++;
    }
  }
  const timestamps = seq.timestampsMs ? new Uint8Array(Float64Array.from(seq.timestampsMs).buffer) : new Uint8Array(0);
  const payload = deflateSync(Buffer.concat([lo, hi, timestamps]), { level: 9 });

  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(KEYPOINT_CODEC_MAGIC, "ascii"), 0);
  view.setUint8(4, KEYPOINT_CODEC_VERSION);
  view.setUint8(5, seq.timestampsMs ? FLAG_TIMESTAMPS : 0);
  view.setUint16(6, JOINT_COUNT, true);
  view.setFloat64(8, seq.fps, true);
  view.setUint32(16, frameCount, true);
  view.setFloat64(24, min, true);
  view.setFloat64(32, step, true);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** Decodes {@link encodeKeypoints}' output; throws KEYPOINTS_INVALID for anything else. */
export function decodeKeypoints(bytes: Uint8Array): JointSequence {
  const header = readKeypointHeader(bytes);
  const { frameCount, min, step } = header;
  const n = VALUES_PER_FRAME * frameCount;
  const expected = 2 * n + (header.hasTimestamps ? 8 * frameCount : 0);
  const raw = inflatePayload(bytes, expected, frameCount);

  const { data, rejected } = decodeKeypointPlanes(raw, frameCount, VALUES_PER_FRAME, min, step, isKeypointCoordinate);
  // A header's min and step can put values anywhere (1e30 in one joint, or a damaged header):
  // the same range the text formats accept, so that such a file is bad input, not an unusable recording.
  if (rejected >= 0) {
    throw new KeypointsInvalidError(`The keypoint file holds ${Number(data[rejected]!.toPrecision(7))} at ${valuePosition(rejected)}; a coordinate must be ${KEYPOINT_COORDINATE_RANGE}`, { hint: REEXPORT_HINT });
  }
  const seq: JointSequence = { fps: header.fps, frameCount, data };
  if (header.hasTimestamps) {
    seq.timestampsMs = new Float64Array(raw.buffer.slice(raw.byteOffset + 2 * n, raw.byteOffset + expected));
    assertKeypointTimestamps(seq.timestampsMs, (i) => `The keypoint file's frame ${i}`, REEXPORT_HINT);
  }
  return seq;
}

/** Where value `i` of a joint sequence's data lies, as messages name it: frame, joint and axis. */
function valuePosition(i: number): string {
  const frame = Math.floor(i / VALUES_PER_FRAME);
  const joint = Math.floor((i % VALUES_PER_FRAME) / 3);
  return `frame ${frame}, joint ${joint} (${JOINT_NAMES_25[joint]}) ${"xyz"[i % 3]}`;
}

const REEXPORT_HINT = "The file cannot be repaired: export the keypoints again with `gma pose <video> --out <file.gmak>` (or download them again), and check that the copy is complete.";

/**
 * The payload's `expected` bytes. A file cut off mid-way (an interrupted copy or download) is the
 * usual failure, and zlib only says "unexpected end of file": the message says how much of the
 * keypoint data is there and how much the header promises.
 */
function inflatePayload(bytes: Uint8Array, expected: number, frameCount: number): Buffer {
  const payload = bytes.subarray(HEADER_BYTES);
  const corrupt = (detail: string, cause?: unknown, what = "corrupt"): KeypointsInvalidError => new KeypointsInvalidError(`The keypoint file is ${what}: ${detail}`, { hint: REEXPORT_HINT, cause });
  if (expected > buffer.constants.MAX_LENGTH) throw corrupt(`its header promises ${frameCount} frames, more than any keypoint file holds`);
  let raw: Buffer;
  try {
    // One byte more than expected is enough to tell a longer payload, and stops a damaged header or a zip bomb from filling memory.
    raw = inflateSync(payload, { maxOutputLength: expected + 1 });
  } catch (error) {
    const zlibCode = (error as NodeJS.ErrnoException).code;
    if (zlibCode === "ERR_BUFFER_TOO_LARGE") throw corrupt(`its ${frameCount} frames need ${expected} bytes of keypoint data, but it holds more`, error);
    if (zlibCode !== "Z_BUF_ERROR") throw corrupt(`its compressed keypoint data is damaged (${(error as Error).message})`, error);
    // Truncated: inflate what is there, to say how much is missing.
    let got: number | undefined;
    try {
      got = inflateSync(payload, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: expected + 1 }).length;
    } catch {
      got = undefined;
    }
    if (got !== undefined && got >= expected) throw corrupt(`its last bytes (the compressed data's checksum) are missing; the file ends after ${bytes.length} bytes`, error, "truncated");
    const read = got === undefined ? "only part of them" : String(got);
    throw corrupt(`expected ${expected} bytes of keypoint data for its ${frameCount} frames, got ${read} (the file ends after ${bytes.length} bytes)`, error, "truncated");
  }
  if (raw.length !== expected) throw corrupt(`expected ${expected} bytes of keypoint data for its ${frameCount} frames, got ${raw.length}`);
  return raw;
}

/** Header fields of an encoded keypoint file. */
export interface KeypointHeader {
  version: number;
  fps: number;
  frameCount: number;
  jointCount: number;
  hasTimestamps: boolean;
  min: number;
  step: number;
  /** Largest difference between a decoded value and the original, before float32 rounding: step / 2. */
  errorBound: number;
}

/** Reads and checks the header of an encoded keypoint file. */
export function readKeypointHeader(bytes: Uint8Array): KeypointHeader {
  if (bytes.length < 4 || Buffer.from(bytes.subarray(0, 4)).toString("ascii") !== KEYPOINT_CODEC_MAGIC) {
    throw new KeypointsInvalidError("Not a GMA keypoint file (the GMAK signature is missing)");
  }
  if (bytes.length < HEADER_BYTES) {
    throw new KeypointsInvalidError(`The keypoint file is truncated: expected a header of ${HEADER_BYTES} bytes, got ${bytes.length}`, { hint: REEXPORT_HINT });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== KEYPOINT_CODEC_VERSION) throw new KeypointsInvalidError(`Keypoint file format version ${version} is not supported (this build reads version ${KEYPOINT_CODEC_VERSION})`);
  const jointCount = view.getUint16(6, true);
  if (jointCount !== JOINT_COUNT) throw new KeypointsInvalidError(`The keypoint file holds ${jointCount} joints per frame; only ${JOINT_COUNT} are supported`);
  const fps = view.getFloat64(8, true);
  const min = view.getFloat64(24, true);
  const step = view.getFloat64(32, true);
  // encodeKeypoints writes a positive fps, a finite min and a positive step; anything else is damage.
  if (!(Number.isFinite(fps) && fps > 0)) throw new KeypointsInvalidError(`The keypoint file's header is corrupt: its frame rate is ${fps} (expected a positive number of frames per second)`, { hint: REEXPORT_HINT });
  if (!(Number.isFinite(min) && Number.isFinite(step) && step > 0)) throw new KeypointsInvalidError(`The keypoint file's header is corrupt: its value range (min ${min}, step ${step}) is not a finite range`, { hint: REEXPORT_HINT });
  return {
    version,
    fps,
    frameCount: view.getUint32(16, true),
    jointCount,
    hasTimestamps: (view.getUint8(5) & FLAG_TIMESTAMPS) !== 0,
    min,
    step,
    errorBound: step / 2,
  };
}

/** Size of a sequence encoded with {@link encodeKeypoints} against the same keypoints as JSON. */
export interface KeypointCompressionReport {
  binaryBytes: number;
  jsonBytes: number;
  /** jsonBytes / binaryBytes. */
  ratio: number;
  /** Guaranteed largest absolute error of a decoded value (before float32 rounding). */
  errorBound: number;
}

/**
 * Compares the binary encoding with the JSON import format (`joints-25`, full float32
 * precision, null for a missing joint) for the same sequence.
 */
export function keypointCompressionReport(seq: JointSequence): KeypointCompressionReport {
  const binary = encodeKeypoints(seq);
  const frames: (number[] | null)[][] = [];
  for (let f = 0; f < seq.frameCount; f++) {
    const joints: (number[] | null)[] = [];
    for (let j = 0; j < JOINT_COUNT; j++) {
      const o = f * VALUES_PER_FRAME + j * 3;
      const x = seq.data[o]!;
      joints.push(Number.isNaN(x) ? null : [x, seq.data[o + 1]!, seq.data[o + 2]!]);
    }
    frames.push(joints);
  }
  const json = JSON.stringify({ format: "joints-25", fps: seq.fps, frames });
  const jsonBytes = Buffer.byteLength(json, "utf8");
  return { binaryBytes: binary.length, jsonBytes, ratio: jsonBytes / binary.length, errorBound: readKeypointHeader(binary).errorBound };
}
