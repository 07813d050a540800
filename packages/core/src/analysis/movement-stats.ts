import { DEFAULT_WINDOW_SIZE, JOINT_COUNT, VALUES_PER_FRAME } from "../skeleton";

/** Per-window, per-joint movement statistics of a set of windows. */
export interface MovementStats {
  /** Number of windows. */
  count: number;
  /** Frames per window. */
  windowSize: number;
  /** count x 25: amplitude of each joint in each window (norm of the per-axis standard deviation). */
  amplitude: Float32Array;
  /** count x 25: velocity of each joint in each window (mean norm of frame-to-frame displacement, per frame). */
  velocity: Float32Array;
}

/**
 * Amplitude and velocity of every joint in every window (domain.md, "Movement statistics").
 *
 * `windows` holds `count` windows of `windowSize` frames x 75 values back to back, as the
 * windowing stage produces them. The standard deviation is the population one (divide by
 * the frame count), as in the reference statistics. Sums run in float64 scalars and results
 * are stored as float32; nothing is allocated per window or per element.
 */
export function computeMovementStats(windows: Float32Array, count: number, windowSize = DEFAULT_WINDOW_SIZE): MovementStats {
  if (!Number.isInteger(windowSize) || windowSize < 2) throw new RangeError(`windowSize must be an integer >= 2, got ${windowSize}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const per = windowSize * VALUES_PER_FRAME;
  if (windows.length < count * per) {
    throw new RangeError(`windows must hold count x ${windowSize} x 75 = ${count * per} values, got ${windows.length}`);
  }
  const amplitude = new Float32Array(count * JOINT_COUNT);
  const velocity = new Float32Array(count * JOINT_COUNT);
  for (let w = 0; w < count; w++) {
    const base = w * per;
    for (let j = 0; j < JOINT_COUNT; j++) {
      const jb = base + j * 3;
      let variance = 0;
      for (let a = 0; a < 3; a++) {
        // Two passes: E[x^2] - E[x]^2 cancels badly for the small movements of a still infant.
        let sum = 0;
        for (let t = 0; t < windowSize; t++) sum += windows[jb + t * VALUES_PER_FRAME + a]!;
        const mean = sum / windowSize;
        let ss = 0;
        for (let t = 0; t < windowSize; t++) {
          const d = windows[jb + t * VALUES_PER_FRAME + a]! - mean;
          ss += d * d;
        }
        variance += ss / windowSize;
      }
      amplitude[w * JOINT_COUNT + j] = Math.sqrt(variance);

      let path = 0;
      for (let t = 1; t < windowSize; t++) {
        const cur = jb + t * VALUES_PER_FRAME;
        const prev = cur - VALUES_PER_FRAME;
        const dx = windows[cur]! - windows[prev]!;
        const dy = windows[cur + 1]! - windows[prev + 1]!;
        const dz = windows[cur + 2]! - windows[prev + 2]!;
        path += Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
      velocity[w * JOINT_COUNT + j] = path / (windowSize - 1);
    }
  }
  return { count, windowSize, amplitude, velocity };
}

/** Mean over windows of one joint's figure in a count x 25 array. */
export function jointMean(values: Float32Array, count: number, joint: number): number {
  if (count === 0) return Number.NaN;
  let s = 0;
  for (let w = 0; w < count; w++) s += values[w * JOINT_COUNT + joint]!;
  return s / count;
}

/** Mean over windows and the given joints (all 25 when omitted) of a count x 25 array. */
export function overallMean(values: Float32Array, count: number, joints?: readonly number[]): number {
  if (count === 0) return Number.NaN;
  let s = 0;
  if (joints === undefined) {
    for (let i = 0; i < count * JOINT_COUNT; i++) s += values[i]!;
    return s / (count * JOINT_COUNT);
  }
  for (let w = 0; w < count; w++) for (const j of joints) s += values[w * JOINT_COUNT + j]!;
  return s / (count * joints.length);
}
