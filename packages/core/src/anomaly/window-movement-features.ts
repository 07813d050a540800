import { DEFAULT_WINDOW_SIZE } from "../skeleton/default-window-size";
import { LIMB_GROUPS } from "../skeleton/joint-map";

/**
 * Window movement features that separate the simulator's warning-sign classes where the
 * autoencoder's reconstruction error does not; part of the product's window score (see
 * `hybridScores`). Same definitions and arithmetic order as
 * `training/gma_training/features.py` (numpy, float64): the model card's golden windows check
 * the two agree (`tests/anomaly/hybrid-parity.test.ts`).
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

/** Name of a window movement feature. */
export type WindowFeatureName = keyof WindowMovementFeatures;

/** The features in the order of {@link windowFeatureMatrix}'s columns (and of the trainer). */
export const WINDOW_FEATURE_NAMES: readonly WindowFeatureName[] = ["amplitude", "leftRightLogRatio", "crossLimbCorrelation", "distalProximalRatio", "spectralPeakShare"];

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
const JOINTS = 25;
const VALUES_PER_FRAME = 75;

/** cos/sin of the real DFT for one window length, computed once. */
interface Twiddles {
  cos: Float64Array;
  sin: Float64Array;
}
const twiddleCache = new Map<number, Twiddles>();
function twiddles(T: number): Twiddles {
  let t = twiddleCache.get(T);
  if (!t) {
    const bins = Math.floor(T / 2);
    t = { cos: new Float64Array(bins * T), sin: new Float64Array(bins * T) };
    for (let k = 1; k <= bins; k++) {
      for (let n = 0; n < T; n++) {
        // Reduce k*n mod T first: the angle stays in [0, 2 pi), as accurate as an FFT's twiddles.
        const angle = (2 * Math.PI * ((k * n) % T)) / T;
        t.cos[(k - 1) * T + n] = Math.cos(angle);
        t.sin[(k - 1) * T + n] = Math.sin(angle);
      }
    }
    twiddleCache.set(T, t);
  }
  return t;
}

const meanOf = (values: Float64Array, idx: readonly number[]): number => {
  let s = 0;
  for (const j of idx) s += values[j]!;
  return s / idx.length;
};

/**
 * Writes the features of the window starting at `offset` (`T` frames x 75 values) into `out`
 * at `outOffset`, in {@link WINDOW_FEATURE_NAMES} order. Scratch buffers are the caller's so
 * that scoring thousands of windows allocates nothing per window.
 */
function featuresInto(window: Float32Array, offset: number, T: number, out: Float64Array, outOffset: number, scratch: { amp: Float64Array; ext: Float64Array; power: Float64Array }): void {
  const { amp, ext, power } = scratch;
  // Amplitude: sqrt of the summed per-axis variance (two-pass, as numpy's var).
  for (let j = 0; j < JOINTS; j++) {
    let v = 0;
    for (let a = 0; a < 3; a++) {
      const base = offset + j * 3 + a;
      let s = 0;
      for (let t = 0; t < T; t++) s += window[base + t * VALUES_PER_FRAME]!;
      const m = s / T;
      let ss = 0;
      for (let t = 0; t < T; t++) {
        const d = window[base + t * VALUES_PER_FRAME]! - m;
        ss += d * d;
      }
      v += ss / T;
    }
    amp[j] = Math.sqrt(v);
  }

  // Root-to-tip distance of each limb over time, centred.
  const norms = [0, 0, 0, 0];
  for (let l = 0; l < 4; l++) {
    const [root, tip] = LIMB_TIPS[l]!;
    let m = 0;
    for (let t = 0; t < T; t++) {
      const f = offset + t * VALUES_PER_FRAME;
      const dx = window[f + tip * 3]! - window[f + root * 3]!;
      const dy = window[f + tip * 3 + 1]! - window[f + root * 3 + 1]!;
      const dz = window[f + tip * 3 + 2]! - window[f + root * 3 + 2]!;
      const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
      ext[l * T + t] = d;
      m += d;
    }
    m /= T;
    let ss = 0;
    for (let t = 0; t < T; t++) {
      const c = ext[l * T + t]! - m;
      ext[l * T + t] = c;
      ss += c * c;
    }
    norms[l] = Math.sqrt(ss) + 1e-12;
  }
  let cross = 0;
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      let dot = 0;
      for (let t = 0; t < T; t++) dot += (ext[a * T + t]! / norms[a]!) * (ext[b * T + t]! / norms[b]!);
      cross += Math.abs(dot);
    }
  }

  // Power of the real DFT bins 1 .. floor(T / 2) (numpy's rfft without the DC bin).
  const bins = Math.floor(T / 2);
  const { cos, sin } = twiddles(T);
  let share = 0;
  for (let l = 0; l < 4; l++) {
    let total = 0;
    let peak = 0;
    for (let k = 0; k < bins; k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < T; t++) {
        const x = ext[l * T + t]!;
        re += x * cos[k * T + t]!;
        im -= x * sin[k * T + t]!;
      }
      const p = re * re + im * im;
      power[k] = p;
      total += p;
      if (p > power[peak]!) peak = k;
    }
    const around = (peak > 0 ? power[peak - 1]! : 0) + power[peak]! + (peak + 1 < bins ? power[peak + 1]! : 0);
    share += around / (total + 1e-18);
  }

  let ampSum = 0;
  for (let j = 0; j < JOINTS; j++) ampSum += amp[j]!;
  out[outOffset] = ampSum / JOINTS;
  out[outOffset + 1] = Math.abs(Math.log((meanOf(amp, LEFT) + 1e-12) / (meanOf(amp, RIGHT) + 1e-12)));
  out[outOffset + 2] = cross / 6;
  out[outOffset + 3] = meanOf(amp, DISTAL) / (meanOf(amp, PROXIMAL) + 1e-12);
  out[outOffset + 4] = share / 4;
}

function checkShape(windows: Float32Array, count: number, windowSize: number): void {
  if (!Number.isInteger(windowSize) || windowSize < 2) throw new RangeError(`windowSize must be an integer >= 2, got ${windowSize}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (windows.length < count * windowSize * VALUES_PER_FRAME) throw new RangeError(`windows must hold count x ${windowSize} x 75 = ${count * windowSize * VALUES_PER_FRAME} values, got ${windows.length}`);
}

/**
 * Features of the first `count` windows (each `windowSize` frames x 75 values), row by row:
 * `count` x {@link WINDOW_FEATURE_NAMES}.length values in that order, float64.
 */
export function windowFeatureMatrix(windows: Float32Array, count: number, windowSize = DEFAULT_WINDOW_SIZE): Float64Array {
  checkShape(windows, count, windowSize);
  const n = WINDOW_FEATURE_NAMES.length;
  const out = new Float64Array(count * n);
  const scratch = { amp: new Float64Array(JOINTS), ext: new Float64Array(4 * windowSize), power: new Float64Array(Math.floor(windowSize / 2)) };
  const per = windowSize * VALUES_PER_FRAME;
  for (let w = 0; w < count; w++) featuresInto(windows, w * per, windowSize, out, w * n, scratch);
  return out;
}

/** Features of one window (`windowSize` frames x 75 values). */
export function windowMovementFeatures(window: Float32Array, windowSize = DEFAULT_WINDOW_SIZE): WindowMovementFeatures {
  const row = windowFeatureMatrix(window, 1, windowSize);
  return Object.fromEntries(WINDOW_FEATURE_NAMES.map((name, i) => [name, row[i]!])) as unknown as WindowMovementFeatures;
}
