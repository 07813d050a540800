import { JOINT_COUNT, LIMB_GROUPS } from "../skeleton";
import type { MovementStats } from "./movement-stats";
import type { NormalStatistics } from "./normal-statistics";

/** Age-dependent asymmetry thresholds (domain.md, "Reference risk policy"). */
export interface AsymmetryOptions {
  /**
   * z-score a limb ratio must exceed, in standard deviations, for infants younger than `ageBoundaryWeeks` (corrected).
   * @defaultValue 2.5
   */
  youngerSigma?: number;
  /**
   * z-score a limb ratio must exceed from `ageBoundaryWeeks` (corrected) on.
   * @defaultValue 2.0
   */
  olderSigma?: number;
  /**
   * Corrected age in weeks at which the stricter `olderSigma` takes over.
   * @defaultValue 12
   */
  ageBoundaryWeeks?: number;
}

/** One left/right limb pair compared with normal. */
export interface LimbAsymmetry {
  limb: "arm" | "leg";
  /** Mean over windows of (mean amplitude of the left group / mean amplitude of the right group); null when no window moved on the right. */
  ratio: number | null;
  normalMean: number;
  normalStd: number;
  /** (ratio - normal mean) / normal std; null with the ratio. */
  zScore: number | null;
  /** True when |z| exceeds the threshold. */
  asymmetric: boolean;
  /** The side that moves less than normal when asymmetric. */
  reducedSide: "left" | "right" | null;
}

/** Left/right asymmetry of arms and legs. */
export interface AsymmetryResult {
  /** The z threshold used, picked by corrected age. */
  thresholdSigma: number;
  limbs: LimbAsymmetry[];
}

const DEFAULTS: Required<AsymmetryOptions> = { youngerSigma: 2.5, olderSigma: 2.0, ageBoundaryWeeks: 12 };

/** Validated asymmetry options with defaults filled in. */
export function resolveAsymmetryOptions(options: AsymmetryOptions = {}): Required<AsymmetryOptions> {
  const o = { ...DEFAULTS, ...options };
  if (!(o.youngerSigma > 0 && Number.isFinite(o.youngerSigma))) throw new RangeError(`youngerSigma must be a positive number, got ${o.youngerSigma}`);
  if (!(o.olderSigma > 0 && Number.isFinite(o.olderSigma))) throw new RangeError(`olderSigma must be a positive number, got ${o.olderSigma}`);
  if (!Number.isFinite(o.ageBoundaryWeeks)) throw new RangeError(`ageBoundaryWeeks must be a number, got ${o.ageBoundaryWeeks}`);
  return o;
}

/** The z threshold for an infant of this corrected age. */
export function asymmetryThreshold(correctedAgeWeeks: number, options: AsymmetryOptions = {}): number {
  const o = resolveAsymmetryOptions(options);
  return correctedAgeWeeks < o.ageBoundaryWeeks ? o.youngerSigma : o.olderSigma;
}

function meanLimbRatio(stats: MovementStats, left: readonly number[], right: readonly number[]): number | null {
  let sum = 0;
  let n = 0;
  for (let w = 0; w < stats.count; w++) {
    const b = w * JOINT_COUNT;
    let l = 0;
    for (const j of left) l += stats.amplitude[b + j]!;
    let r = 0;
    for (const j of right) r += stats.amplitude[b + j]!;
    // A window where the right limb does not move at all has no finite ratio; skip it.
    if (r <= 0) continue;
    sum += l / left.length / (r / right.length);
    n++;
  }
  return n === 0 ? null : sum / n;
}

/**
 * Left/right amplitude ratios of arms and legs against the normal ratios, with the
 * age-dependent z threshold: 2.5 sigma under 12 weeks corrected age, 2.0 from then on.
 * The ratio is averaged over windows, like the normal statistics it is compared with.
 */
export function assessAsymmetry(stats: MovementStats, normal: NormalStatistics, correctedAgeWeeks: number, options: AsymmetryOptions = {}): AsymmetryResult {
  const thresholdSigma = asymmetryThreshold(correctedAgeWeeks, options);
  const pairs = [
    { limb: "arm" as const, left: LIMB_GROUPS.leftArm, right: LIMB_GROUPS.rightArm, ref: normal.leftRightRatios.arm },
    { limb: "leg" as const, left: LIMB_GROUPS.leftLeg, right: LIMB_GROUPS.rightLeg, ref: normal.leftRightRatios.leg },
  ];
  const limbs = pairs.map(({ limb, left, right, ref }): LimbAsymmetry => {
    const ratio = meanLimbRatio(stats, left, right);
    const zScore = ratio === null ? null : (ratio - ref.mean) / ref.std;
    const asymmetric = zScore !== null && Math.abs(zScore) > thresholdSigma;
    return {
      limb,
      ratio,
      normalMean: ref.mean,
      normalStd: ref.std,
      zScore,
      asymmetric,
      reducedSide: asymmetric ? (zScore! < 0 ? "left" : "right") : null,
    };
  });
  return { thresholdSigma, limbs };
}
