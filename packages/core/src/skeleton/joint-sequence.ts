/** Number of joints of the MINI-RGBD / SMIL skeleton the analysis works on. */
export const JOINT_COUNT = 25;

/** Values per frame of a {@link JointSequence}: 25 joints x (x, y, z). */
export const VALUES_PER_FRAME = JOINT_COUNT * 3;

/**
 * Joint positions over time, flat and float32 so that every later stage can work in place.
 *
 * `data[(frame * 25 + joint) * 3 + axis]`; a missing joint is NaN in all three axes.
 */
export interface JointSequence {
  /** Frames per second of the sequence (the analysis rate, not necessarily the video's). */
  fps: number;
  /** Number of frames; `data.length === frameCount * 75`. */
  frameCount: number;
  /** frameCount x 25 joints x (x, y, z); NaN = missing. */
  data: Float32Array;
  /** True presentation time of each frame in milliseconds, when known (decoded video). */
  timestampsMs?: Float64Array;
}

/**
 * Checks the invariants of a {@link JointSequence} and throws a RangeError that says which one
 * is broken; stages call it first so that a malformed sequence fails where it enters.
 */
export function assertJointSequence(seq: JointSequence): void {
  if (!(Number.isFinite(seq.fps) && seq.fps > 0)) throw new RangeError(`JointSequence.fps must be a positive number, got ${seq.fps}`);
  if (!(Number.isInteger(seq.frameCount) && seq.frameCount >= 0)) {
    throw new RangeError(`JointSequence.frameCount must be a non-negative integer, got ${seq.frameCount}`);
  }
  if (seq.data.length !== seq.frameCount * VALUES_PER_FRAME) {
    throw new RangeError(`JointSequence.data must hold frameCount x 75 = ${seq.frameCount * VALUES_PER_FRAME} values, got ${seq.data.length}`);
  }
  if (seq.timestampsMs !== undefined && seq.timestampsMs.length !== seq.frameCount) {
    throw new RangeError(`JointSequence.timestampsMs must hold one value per frame (${seq.frameCount}), got ${seq.timestampsMs.length}`);
  }
}

/** Number of joints of `frame` whose three coordinates are all finite. */
export function countValidJoints(data: Float32Array, frame: number): number {
  let valid = 0;
  const base = frame * VALUES_PER_FRAME;
  for (let j = 0; j < JOINT_COUNT; j++) {
    const o = base + j * 3;
    if (Number.isFinite(data[o]!) && Number.isFinite(data[o + 1]!) && Number.isFinite(data[o + 2]!)) valid++;
  }
  return valid;
}
