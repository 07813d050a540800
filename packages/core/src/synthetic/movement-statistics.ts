import { DEFAULT_WINDOW_SIZE, JOINT_COUNT, LIMB_GROUPS } from "../skeleton";

/** Per-joint movement statistics of a set of windows (domain.md, "Movement statistics"). */
export interface WindowStatistics {
  /** Mean over windows of each joint's amplitude. */
  jointAmplitudes: number[];
  jointAmplitudesStd: number[];
  /** Mean over windows of each joint's velocity (per frame). */
  jointVelocities: number[];
  jointVelocitiesStd: number[];
  /** Left/right amplitude ratios of arms and legs over windows. */
  leftRightRatios: { arm: { mean: number; std: number }; leg: { mean: number; std: number } };
  overall: { amplitudeMean: number; amplitudeStd: number; velocityMean: number; velocityStd: number };
  sampleSize: number;
}

/**
 * Amplitude (norm of per-axis standard deviation) and velocity (mean norm of frame-to-frame
 * displacement) of each joint in one window of `windowSize` frames x 75 values, written into
 * `amp` and `vel` (25 values each).
 */
export function windowJointStatistics(window: Float32Array, windowSize: number, amp: Float64Array, vel: Float64Array): void {
  for (let j = 0; j < JOINT_COUNT; j++) {
    let varSum = 0;
    for (let a = 0; a < 3; a++) {
      let s = 0;
      let ss = 0;
      for (let t = 0; t < windowSize; t++) {
        const v = window[t * 75 + j * 3 + a]!;
        s += v;
        ss += v * v;
      }
      const mean = s / windowSize;
      varSum += Math.max(0, ss / windowSize - mean * mean);
    }
    amp[j] = Math.sqrt(varSum);
    let d = 0;
    for (let t = 1; t < windowSize; t++) {
      let sq = 0;
      for (let a = 0; a < 3; a++) {
        const diff = window[t * 75 + j * 3 + a]! - window[(t - 1) * 75 + j * 3 + a]!;
        sq += diff * diff;
      }
      d += Math.sqrt(sq);
    }
    vel[j] = d / (windowSize - 1);
  }
}

function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  const mean = values.length ? s / values.length : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  return { mean, std: values.length ? Math.sqrt(ss / values.length) : Number.NaN };
}

/**
 * Movement statistics over `count` windows stored back to back in `windows`
 * (count x windowSize x 75), in the shape of the real normal statistics file.
 */
export function computeWindowStatistics(windows: Float32Array, count: number, windowSize = DEFAULT_WINDOW_SIZE): WindowStatistics {
  const per = windowSize * 75;
  const amps: Float64Array[] = Array.from({ length: JOINT_COUNT }, () => new Float64Array(count));
  const vels: Float64Array[] = Array.from({ length: JOINT_COUNT }, () => new Float64Array(count));
  const armRatios = new Float64Array(count);
  const legRatios = new Float64Array(count);
  const allAmp = new Float64Array(count * JOINT_COUNT);
  const allVel = new Float64Array(count * JOINT_COUNT);
  const amp = new Float64Array(JOINT_COUNT);
  const vel = new Float64Array(JOINT_COUNT);
  const groupMean = (g: readonly number[]): number => g.reduce((s, j) => s + amp[j]!, 0) / g.length;
  for (let w = 0; w < count; w++) {
    windowJointStatistics(windows.subarray(w * per, (w + 1) * per), windowSize, amp, vel);
    for (let j = 0; j < JOINT_COUNT; j++) {
      amps[j]![w] = amp[j]!;
      vels[j]![w] = vel[j]!;
      allAmp[w * JOINT_COUNT + j] = amp[j]!;
      allVel[w * JOINT_COUNT + j] = vel[j]!;
    }
    armRatios[w] = groupMean(LIMB_GROUPS.leftArm) / groupMean(LIMB_GROUPS.rightArm);
    legRatios[w] = groupMean(LIMB_GROUPS.leftLeg) / groupMean(LIMB_GROUPS.rightLeg);
  }
  const a = amps.map(meanStd);
  const v = vels.map(meanStd);
  const oa = meanStd(allAmp);
  const ov = meanStd(allVel);
  return {
    jointAmplitudes: a.map((x) => x.mean),
    jointAmplitudesStd: a.map((x) => x.std),
    jointVelocities: v.map((x) => x.mean),
    jointVelocitiesStd: v.map((x) => x.std),
    leftRightRatios: { arm: meanStd(armRatios), leg: meanStd(legRatios) },
    overall: { amplitudeMean: oa.mean, amplitudeStd: oa.std, velocityMean: ov.mean, velocityStd: ov.std },
    sampleSize: count,
  };
}
