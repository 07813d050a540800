import { LIMB_GROUPS } from "../skeleton";

/**
 * Window movement features that separate the simulator's warning-sign classes where the
 * autoencoder's reconstruction error does not (see the model card's
 * `movementFeatureReference`, which holds their normal mean and std). Same definitions as
 * `training/gma_training/features.py`.
 */
export interface WindowMovementFeatures {
  /** Mean joint amplitude (norm of per-axis std over the window); low = reduced movement. */
  amplitude: number;
  /** |log(mean amplitude of left limbs / right limbs)|; high = one side moves less. */
  leftRightLogRatio: number;
  /** Mean |Pearson correlation| between the four limbs' root-to-tip distances; high = limbs move together. */
  crossLimbCorrelation: number;
  /** Amplitude of hands, fingers, feet, toes / amplitude of upper arms, elbows, knees; low = distal joints still. */
  distalProximalRatio: number;
  /** Share of the root-to-tip distance power in the strongest frequency bin and its neighbours; high = single rhythm. */
  spectralPeakShare: number;
}

/** Root -> tip joint of each limb (shoulder -> wrist, thigh -> ankle). */
export const LIMB_TIPS = [
  [13, 20],
  [14, 21],
  [1, 7],
  [2, 8],
] as const;
const DISTAL = [20, 21, 22, 23, 7, 8, 10, 11];
const PROXIMAL = [16, 17, 18, 19, 4, 5];
const LEFT = [...LIMB_GROUPS.leftArm, ...LIMB_GROUPS.leftLeg];
const RIGHT = [...LIMB_GROUPS.rightArm, ...LIMB_GROUPS.rightLeg];

/** Features of one window (`windowSize` frames x 75 values). */
export function windowMovementFeatures(window: Float32Array, windowSize = 30): WindowMovementFeatures {
  const T = windowSize;
  const at = (t: number, j: number, a: number): number => window[t * 75 + j * 3 + a]!;
  const amp = new Float64Array(25);
  for (let j = 0; j < 25; j++) {
    let v = 0;
    for (let a = 0; a < 3; a++) {
      let s = 0;
      let ss = 0;
      for (let t = 0; t < T; t++) {
        s += at(t, j, a);
        ss += at(t, j, a) ** 2;
      }
      const m = s / T;
      v += Math.max(0, ss / T - m * m);
    }
    amp[j] = Math.sqrt(v);
  }
  const mean = (idx: readonly number[]): number => idx.reduce((s, j) => s + amp[j]!, 0) / idx.length;

  const ext = LIMB_TIPS.map(([root, tip]) => {
    const d = new Float64Array(T);
    let m = 0;
    for (let t = 0; t < T; t++) {
      d[t] = Math.hypot(at(t, tip, 0) - at(t, root, 0), at(t, tip, 1) - at(t, root, 1), at(t, tip, 2) - at(t, root, 2));
      m += d[t]!;
    }
    m /= T;
    for (let t = 0; t < T; t++) d[t]! -= m;
    return d;
  });
  const norms = ext.map((d) => Math.sqrt(d.reduce((s, v) => s + v * v, 0)) + 1e-12);
  let cross = 0;
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      let dot = 0;
      for (let t = 0; t < T; t++) dot += ext[a]![t]! * ext[b]![t]!;
      cross += Math.abs(dot / (norms[a]! * norms[b]!));
    }
  }
  let share = 0;
  for (const d of ext) {
    // Power of the real DFT bins 1 .. floor(T / 2), as numpy's rfft without the DC bin.
    const power: number[] = [];
    for (let k = 1; k <= Math.floor(T / 2); k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < T; t++) {
        re += d[t]! * Math.cos((2 * Math.PI * k * t) / T);
        im -= d[t]! * Math.sin((2 * Math.PI * k * t) / T);
      }
      power.push(re * re + im * im);
    }
    let peak = 0;
    for (let k = 1; k < power.length; k++) if (power[k]! > power[peak]!) peak = k;
    const total = power.reduce((s, v) => s + v, 0);
    share += ((power[peak - 1] ?? 0) + power[peak]! + (power[peak + 1] ?? 0)) / (total + 1e-18);
  }
  return {
    amplitude: amp.reduce((s, v) => s + v, 0) / 25,
    leftRightLogRatio: Math.abs(Math.log((mean(LEFT) + 1e-12) / (mean(RIGHT) + 1e-12))),
    crossLimbCorrelation: cross / 6,
    distalProximalRatio: mean(DISTAL) / (mean(PROXIMAL) + 1e-12),
    spectralPeakShare: share / 4,
  };
}
