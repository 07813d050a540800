import { JOINT_COUNT, VALUES_PER_FRAME, assertJointSequence, type JointSequence } from "./joint-sequence";

/** Index of the pelvis (the "global" joint, mid-hips). */
export const PELVIS_JOINT = 0;
/** Index of the neck (mid-shoulders). */
export const NECK_JOINT = 12;

/**
 * Normalises every frame on its own, as domain.md specifies:
 * 1. rotate in the image plane (x, y; z untouched) about the pelvis so that the pelvis->neck
 *    vector points along +y;
 * 2. translate so that the centre of the joints' bounding box (x, y and z) is the origin;
 * 3. divide by the length of the bounding box's diagonal.
 *
 * A frame without a pelvis or a neck borrows the rotation of the nearest frame that has both
 * (the previous one first), or none if no frame has them. A frame with no valid joint, or whose
 * joints all coincide, comes out all NaN. Returns a new sequence; the input is untouched.
 */
export function normalizeSequence(seq: JointSequence): JointSequence {
  assertJointSequence(seq);
  const n = seq.frameCount;
  const src = seq.data;
  const out = new Float32Array(src.length);

  const angles = frameAngles(src, n);
  let previous = Number.NaN;
  for (let f = 0; f < n; f++) {
    if (Number.isNaN(angles[f]!)) angles[f] = previous;
    else previous = angles[f]!;
  }
  let next = Number.NaN;
  for (let f = n - 1; f >= 0; f--) {
    if (Number.isNaN(angles[f]!)) angles[f] = Number.isNaN(next) ? 0 : next;
    else next = angles[f]!;
  }

  const rotated = new Float64Array(VALUES_PER_FRAME);
  for (let f = 0; f < n; f++) {
    const base = f * VALUES_PER_FRAME;
    const angle = angles[f]!;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    // Rotating about the pelvis (or the first valid joint) keeps coordinates small; the pivot
    // does not matter for the result, since the bounding box centring follows.
    let px = src[base + PELVIS_JOINT * 3]!;
    let py = src[base + PELVIS_JOINT * 3 + 1]!;
    if (Number.isNaN(px) || Number.isNaN(py)) {
      px = py = 0;
    }
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let j = 0; j < JOINT_COUNT; j++) {
      const o = j * 3;
      const x = src[base + o]! - px;
      const y = src[base + o + 1]! - py;
      const z = src[base + o + 2]!;
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) {
        rotated[o] = rotated[o + 1] = rotated[o + 2] = Number.NaN;
        continue;
      }
      const rx = x * cos - y * sin;
      const ry = x * sin + y * cos;
      rotated[o] = rx;
      rotated[o + 1] = ry;
      rotated[o + 2] = z;
      for (let a = 0; a < 3; a++) {
        const v = rotated[o + a]!;
        if (v < min[a]!) min[a] = v;
        if (v > max[a]!) max[a] = v;
      }
    }
    const dx = max[0]! - min[0]!;
    const dy = max[1]! - min[1]!;
    const dz = max[2]! - min[2]!;
    const diagonal = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(diagonal > 0 && Number.isFinite(diagonal))) {
      out.fill(Number.NaN, base, base + VALUES_PER_FRAME);
      continue;
    }
    const cx = (min[0]! + max[0]!) / 2;
    const cy = (min[1]! + max[1]!) / 2;
    const cz = (min[2]! + max[2]!) / 2;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const o = j * 3;
      out[base + o] = (rotated[o]! - cx) / diagonal;
      out[base + o + 1] = (rotated[o + 1]! - cy) / diagonal;
      out[base + o + 2] = (rotated[o + 2]! - cz) / diagonal;
    }
  }
  const result: JointSequence = { fps: seq.fps, frameCount: n, data: out };
  if (seq.timestampsMs) result.timestampsMs = seq.timestampsMs;
  return result;
}

/**
 * Counter-clockwise rotation (radians) that turns each frame's pelvis->neck vector onto +y;
 * NaN where the frame lacks either joint or they coincide.
 */
export function frameAngles(data: Float32Array, frameCount: number): Float64Array {
  const angles = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    const base = f * VALUES_PER_FRAME;
    const vx = data[base + NECK_JOINT * 3]! - data[base + PELVIS_JOINT * 3]!;
    const vy = data[base + NECK_JOINT * 3 + 1]! - data[base + PELVIS_JOINT * 3 + 1]!;
    // With x' = x cos a - y sin a and y' = x sin a + y cos a, a = atan2(vx, vy) gives x' = 0, y' = |v|.
    angles[f] = Number.isFinite(vx) && Number.isFinite(vy) && (vx !== 0 || vy !== 0) ? Math.atan2(vx, vy) : Number.NaN;
  }
  return angles;
}
