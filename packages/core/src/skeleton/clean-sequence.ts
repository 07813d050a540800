import { DEFAULT_MIN_VALID_JOINTS, findGapFrames } from "./gap-frames";
import { JOINT_COUNT, VALUES_PER_FRAME, assertJointSequence, type JointSequence } from "./joint-sequence";

/** Options of {@link cleanSequence}. */
export interface CleanOptions {
  /**
   * Frames in the centred moving average; odd, 1 turns smoothing off.
   * @defaultValue 3
   */
  smoothingWindow?: number;
  /**
   * A frame with fewer valid joints than this becomes a gap: all its joints are set to NaN.
   * @defaultValue 15
   */
  minValidJoints?: number;
  /**
   * Fill a joint missing in a non-gap frame by linear interpolation between its nearest valid
   * frames in the same run of non-gap frames (holding the nearest value at the run's ends), so
   * that windows need not invent values later. A joint missing in the whole run stays NaN.
   * @defaultValue true
   */
  fillMissing?: boolean;
}

function validateCleanOptions(options: CleanOptions): Required<CleanOptions> {
  const smoothingWindow = options.smoothingWindow ?? 3;
  const minValidJoints = options.minValidJoints ?? DEFAULT_MIN_VALID_JOINTS;
  if (!Number.isInteger(smoothingWindow) || smoothingWindow < 1 || smoothingWindow % 2 === 0) {
    throw new RangeError(`smoothingWindow must be a positive odd integer, got ${smoothingWindow}`);
  }
  if (!Number.isInteger(minValidJoints) || minValidJoints < 1 || minValidJoints > JOINT_COUNT) {
    throw new RangeError(`minValidJoints must be an integer in 1..${JOINT_COUNT}, got ${minValidJoints}`);
  }
  return { smoothingWindow, minValidJoints, fillMissing: options.fillMissing ?? true };
}

/**
 * Cleans a joint sequence as domain.md specifies: frames with too few valid joints become gaps
 * (all NaN), missing joints inside runs of good frames are interpolated, and every coordinate is
 * smoothed by a NaN-aware centred moving average (NaN neighbours, gaps included, are skipped, so
 * smoothing never carries values across a gap). Returns a new sequence; the input is untouched.
 */
export function cleanSequence(seq: JointSequence, options: CleanOptions = {}): JointSequence {
  assertJointSequence(seq);
  const { smoothingWindow, minValidJoints, fillMissing } = validateCleanOptions(options);
  const n = seq.frameCount;
  const raw = new Float32Array(seq.data);
  maskPartialJoints(raw);

  const gaps = findGapFrames(raw, n, minValidJoints);
  for (let f = 0; f < n; f++) if (gaps[f]) raw.fill(Number.NaN, f * VALUES_PER_FRAME, (f + 1) * VALUES_PER_FRAME);

  if (fillMissing) fillWithinRuns(raw, n, gaps);

  const out = smoothingWindow === 1 ? raw : smooth(raw, n, smoothingWindow >> 1);
  const result: JointSequence = { fps: seq.fps, frameCount: n, data: out };
  if (seq.timestampsMs) result.timestampsMs = seq.timestampsMs;
  return result;
}

// A joint with one non-finite axis is missing as a whole, so later stages can test axis x only.
function maskPartialJoints(data: Float32Array): void {
  for (let o = 0; o < data.length; o += 3) {
    if (!(Number.isFinite(data[o]!) && Number.isFinite(data[o + 1]!) && Number.isFinite(data[o + 2]!))) {
      data[o] = data[o + 1] = data[o + 2] = Number.NaN;
    }
  }
}

function smooth(src: Float32Array, n: number, half: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let f = 0; f < n; f++) {
    const lo = Math.max(0, f - half);
    const hi = Math.min(n - 1, f + half);
    const base = f * VALUES_PER_FRAME;
    for (let v = 0; v < VALUES_PER_FRAME; v++) {
      // A value missing at the centre stays missing: the average fills nothing by itself.
      if (Number.isNaN(src[base + v]!)) {
        out[base + v] = Number.NaN;
        continue;
      }
      let sum = 0;
      let count = 0;
      for (let g = lo; g <= hi; g++) {
        const x = src[g * VALUES_PER_FRAME + v]!;
        if (!Number.isNaN(x)) {
          sum += x;
          count++;
        }
      }
      out[base + v] = sum / count;
    }
  }
  return out;
}

function fillWithinRuns(data: Float32Array, n: number, gaps: Uint8Array): void {
  let start = 0;
  while (start < n) {
    if (gaps[start]) {
      start++;
      continue;
    }
    let end = start;
    while (end + 1 < n && !gaps[end + 1]) end++;
    for (let j = 0; j < JOINT_COUNT; j++) fillJoint(data, start, end, j);
    start = end + 1;
  }
}

function fillJoint(data: Float32Array, start: number, end: number, joint: number): void {
  const at = (f: number): number => f * VALUES_PER_FRAME + joint * 3;
  let prev = -1;
  for (let f = start; f <= end; f++) {
    if (Number.isNaN(data[at(f)]!)) continue;
    const from = prev === -1 ? start : prev + 1;
    for (let g = from; g < f; g++) {
      for (let a = 0; a < 3; a++) {
        const right = data[at(f) + a]!;
        // Before the first valid frame the nearest value is held; between two valid frames the
        // value is interpolated linearly.
        data[at(g) + a] = prev === -1 ? right : data[at(prev) + a]! + ((right - data[at(prev) + a]!) * (g - prev)) / (f - prev);
      }
    }
    prev = f;
  }
  if (prev === -1) return;
  for (let g = prev + 1; g <= end; g++) for (let a = 0; a < 3; a++) data[at(g) + a] = data[at(prev) + a]!;
}
