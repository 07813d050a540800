// Reads the joint sequence the API stores for each analysis (GET /analyses/:id/keypoints): the
// keypoint codec of @gma/core, format version 1, decoded here in the browser.
//
// | bytes | field |
// |---|---|
// | 0-3 | magic `GMAK` |
// | 4 | version (1) |
// | 5 | flags (bit 0: timestamps present) |
// | 6-7 | joint count (uint16) |
// | 8-15 | fps (float64) |
// | 16-19 | frame count (uint32) |
// | 24-31 | minimum value (float64) |
// | 32-39 | quantisation step (float64) |
// | 40- | zlib deflate of: int16 codes channel by channel, each delta-coded over frames (mod 2^16), as a plane of low bytes then one of high bytes; then float64 timestamps when flagged |

import { isKeypointCoordinate, KEYPOINT_COORDINATE_RANGE } from "@gma/core/keypoint-coordinate-limit";
import { decodeKeypointPlanes, firstInvalidTimestamp } from "@gma/core/keypoint-payload";
import type { SkeletonBounds } from "./skeleton-layout";

const HEADER_BYTES = 40;
const FLAG_TIMESTAMPS = 1;
// Deflate writes at least 2 bits for a copy of at most 258 bytes, so no payload inflates to more
// than 1032 times its size: a header promising more is damaged, or the file was cut off.
const MAX_INFLATE_RATIO = 1032;

// What a person can do. A download cut short may come whole the next time; a stored file that
// is damaged stays so, and only a new analysis of the recording writes a new one (a new request
// for the same recording returns the stored analysis, so it must be deleted first).
const RERUN = "Re-run the analysis to store the sequence again: delete this analysis and analyse the recording anew.";
const RELOAD = `Reload the page to download it again; if this message stays, the stored file is damaged. ${RERUN}`;

/** Raised for bytes that are not a joint sequence this dashboard can read; the message says what to do. */
export class ReplayFormatError extends Error {
  readonly code = "KEYPOINTS_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "ReplayFormatError";
  }
}

/** A decoded joint sequence with the skeleton to draw it with. */
export interface ReplaySequence {
  fps: number;
  frameCount: number;
  jointCount: number;
  /** frameCount x jointCount x (x, y, z); NaN where a joint is missing. */
  data: Float32Array;
  /** True time of each frame in ms, when the recording had them. */
  timestampsMs: Float64Array | undefined;
  /** Joint names in index order. */
  joints: string[];
  /** Bones as [parent, child] joint indices. */
  bones: [number, number][];
}

/**
 * zlib-inflates with the browser's (or Node's) Compression Streams, stopping once more than
 * `expected` bytes come out, so that a damaged header or payload never fills memory. Says how much
 * of the joint data there is when the payload ends early or is damaged (the browser's messages
 * for those differ from one engine to the next, and name neither).
 */
async function inflate(payload: Uint8Array, expected: number, frameCount: number): Promise<Uint8Array> {
  const reader = new Blob([payload as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const promised = `its header promises ${frameCount} frames (${expected} bytes of joint data)`;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (total > expected) {
        void reader.cancel().catch(() => undefined);
        throw new ReplayFormatError(`The joint sequence is damaged: ${promised}, but it holds more. ${RERUN}`);
      }
    }
  } catch (error) {
    if (error instanceof ReplayFormatError) throw error;
    // A payload cut short and a damaged one look alike from here: both end before the data does.
    if (total >= expected) throw new ReplayFormatError(`The joint sequence is cut off or damaged: its joint data is whole, but its last bytes (the compressed data's checksum) are missing or wrong. ${RELOAD}`);
    throw new ReplayFormatError(`The joint sequence is cut off or damaged: ${promised}, and ${total === 0 ? "none" : `only ${total}`} of them could be read. ${RELOAD}`);
  }
  if (total < expected) throw new ReplayFormatError(`The joint sequence is cut off or damaged: ${promised}, but it holds only ${total}. ${RELOAD}`);
  const raw = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    raw.set(chunk, at);
    at += chunk.length;
  }
  return raw;
}

/** Parses `X-Skeleton-Bones` (`parent-child` pairs, comma-separated) against the joint count. */
export function parseBones(header: string | null, jointCount: number): [number, number][] {
  if (!header) return [];
  return header.split(",").flatMap((pair) => {
    const [a, b] = pair.split("-").map(Number);
    return Number.isInteger(a) && Number.isInteger(b) && a! >= 0 && b! >= 0 && a! < jointCount && b! < jointCount ? [[a!, b!] as [number, number]] : [];
  });
}

/**
 * Decodes an encoded joint sequence; `joints` and `bones` come from the response's
 * X-Skeleton-Joints and X-Skeleton-Bones headers. Held to @gma/core's own decoder's standard
 * (`decodeKeypoints`): a damaged header, a payload cut short or longer than its header says,
 * frame times that are not finite or do not increase, and coordinates beyond the range keypoint
 * files may hold are refused rather than drawn.
 *
 * @throws ReplayFormatError for anything but a whole, sound format version 1 sequence; its
 *   message says what is wrong and what to do (reload, or re-run the analysis).
 */
export async function decodeReplaySequence(buffer: ArrayBuffer, skeleton: { joints?: string | null; bones?: string | null } = {}): Promise<ReplaySequence> {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 4 || String.fromCharCode(...bytes.subarray(0, 4)) !== "GMAK") throw new ReplayFormatError(`This is not a GMA joint sequence (the GMAK signature is missing). ${RERUN}`);
  if (bytes.length < HEADER_BYTES) throw new ReplayFormatError(`The joint sequence is cut off: its header takes ${HEADER_BYTES} bytes, the download holds ${bytes.length}. ${RELOAD}`);
  const view = new DataView(buffer);
  const version = view.getUint8(4);
  if (version !== 1) throw new ReplayFormatError(`Joint sequence format version ${version} is not supported (this dashboard reads version 1): reload the page for the newest dashboard.`);
  const hasTimestamps = (view.getUint8(5) & FLAG_TIMESTAMPS) !== 0;
  const jointCount = view.getUint16(6, true);
  const fps = view.getFloat64(8, true);
  const frameCount = view.getUint32(16, true);
  const min = view.getFloat64(24, true);
  const step = view.getFloat64(32, true);
  const damaged = (what: string) => new ReplayFormatError(`The joint sequence's header is damaged: ${what}. ${RERUN}`);
  if (jointCount === 0) throw damaged("it names no joints per frame");
  if (!(Number.isFinite(fps) && fps > 0)) throw damaged(`its frame rate is ${fps} (expected a positive number of frames per second)`);
  // The encoder writes the smallest value as the minimum (negative coordinates are fine) and a positive step.
  if (!(Number.isFinite(min) && Number.isFinite(step) && step > 0)) throw damaged(`its value range (minimum ${min}, step ${step}) is not a finite range with a positive step`);

  const channels = jointCount * 3;
  const n = channels * frameCount;
  const expected = 2 * n + (hasTimestamps ? 8 * frameCount : 0);
  const payload = bytes.subarray(HEADER_BYTES);
  if (expected > payload.length * MAX_INFLATE_RATIO) {
    throw new ReplayFormatError(
      `The joint sequence is cut off or its header damaged: its header promises ${frameCount} frames (${expected} bytes of joint data), more than its ${payload.length} bytes of compressed data can hold. ${RELOAD}`,
    );
  }
  const raw = await inflate(payload, expected, frameCount);
  const names = skeleton.joints ? skeleton.joints.split(",") : [];
  const joints = names.length === jointCount ? names : Array.from({ length: jointCount }, (_, j) => `joint ${j}`);

  const { data, rejected } = decodeKeypointPlanes(raw, frameCount, channels, min, step, isKeypointCoordinate);
  // The header's minimum and step can put values anywhere; @gma/core writes none beyond this range.
  if (rejected >= 0) {
    const c = rejected % channels;
    throw new ReplayFormatError(
      `The joint sequence is damaged: it holds ${Number(data[rejected]!.toPrecision(7))} at frame ${Math.floor(rejected / channels)}, ${joints[Math.floor(c / 3)]} ${"xyz"[c % 3]}; a coordinate must be ${KEYPOINT_COORDINATE_RANGE}. ${RERUN}`,
    );
  }
  const timestampsMs = hasTimestamps ? new Float64Array(raw.slice(2 * n, expected).buffer) : undefined;
  const f = timestampsMs ? firstInvalidTimestamp(timestampsMs) : -1;
  if (f >= 0) {
    const t = timestampsMs![f]!;
    if (!Number.isFinite(t)) throw new ReplayFormatError(`The joint sequence is damaged: frame ${f}'s time is ${t} (expected a finite number of milliseconds). ${RERUN}`);
    throw new ReplayFormatError(`The joint sequence is damaged: frame ${f}'s time (${t} ms) does not come after frame ${f - 1}'s (${timestampsMs![f - 1]} ms). ${RERUN}`);
  }
  return { fps, frameCount, jointCount, data, timestampsMs, joints, bones: parseBones(skeleton.bones ?? null, jointCount) };
}

/** Frame shown at `t` seconds: the last frame at or before it (true timestamps when known), clamped. */
export function frameAtTime(sequence: Pick<ReplaySequence, "fps" | "frameCount" | "timestampsMs">, t: number): number {
  const { frameCount, timestampsMs } = sequence;
  if (frameCount === 0) return 0;
  if (!timestampsMs) return Math.max(0, Math.min(frameCount - 1, Math.floor(t * sequence.fps + 1e-9)));
  const ms = t * 1000;
  let lo = 0;
  let hi = frameCount - 1;
  if (ms <= timestampsMs[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timestampsMs[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the sequence in seconds (to the end of its last frame). */
export function sequenceDurationS(sequence: Pick<ReplaySequence, "fps" | "frameCount" | "timestampsMs">): number {
  const { frameCount, timestampsMs, fps } = sequence;
  if (frameCount === 0) return 0;
  return timestampsMs ? timestampsMs[frameCount - 1]! / 1000 + 1 / fps : frameCount / fps;
}

/** Bounds of x and y over every finite point of every frame, so the figure holds still while playing. */
export function sequenceBounds(sequence: Pick<ReplaySequence, "data">): SkeletonBounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { data } = sequence;
  for (let i = 0; i + 2 < data.length; i += 3) {
    const x = data[i]!;
    const y = data[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}
