import { z } from "zod";
import { DEFAULT_WINDOW_SIZE } from "../skeleton/default-window-size";
import { WINDOW_FEATURE_NAMES, windowFeatureMatrix, type WindowFeatureName } from "./window-movement-features";

/** Kind of score a scorer produces, as reports name it. */
export type ScoreKind = "hybrid-max-z" | "reconstruction-error";

/** Normal periods the hybrid score keeps a reference for. */
export type ScoringPeriod = "writhing" | "fidgety";

const meanStd = z.object({ mean: z.number().finite(), std: z.number().finite().positive() });
const perPeriod = z.looseObject({ writhing: meanStd, fidgety: meanStd });

/**
 * The `scoring` block of a model card (schema 2), written by `training/gma_training/scoring.py`:
 * every constant of the product's window anomaly score.
 */
export const HybridScoringSchema = z.looseObject({
  kind: z.literal("hybrid-max-z"),
  version: z.literal(1),
  formula: z.string().optional(),
  /** "reconstruction" first, then feature names: the order of a window's parts. */
  components: z
    .array(z.string())
    .min(2)
    .refine((c) => c[0] === "reconstruction" && c.slice(1).every((k) => (WINDOW_FEATURE_NAMES as readonly string[]).includes(k)) && new Set(c).size === c.length, {
      message: `must be "reconstruction" followed by distinct features of ${WINDOW_FEATURE_NAMES.join(", ")}`,
    }),
  periods: z.looseObject({
    names: z.tuple([z.literal("writhing"), z.literal("fidgety")]),
    /** Corrected ages from this many weeks on use the fidgety reference (beyond 20 weeks too). */
    fidgetyFromWeeks: z.number().positive(),
  }),
  /** Mean and std of ln(reconstruction error) of normal validation windows, per period. */
  reconstruction: perPeriod,
  /** Mean and std of each feature over normal training windows, per period. */
  features: z.record(z.string(), perPeriod),
  /** Score above which a window is anomalous. */
  threshold: z.number().positive(),
  thresholdRule: z.string().optional(),
  sha256: z.string().optional(),
});

/** Parsed scoring constants of a model card. */
export type HybridScoring = z.infer<typeof HybridScoringSchema>;

/** A window's score and the parts it was made of. */
export interface HybridScores {
  /** max(r, max_k |z_k|) per window. */
  scores: Float64Array;
  /** Index into `components` of the part that set each window's score. */
  drivers: Uint8Array;
  /** count x components.length standardised parts: r (one-sided, as is), then signed z_k. */
  parts: Float64Array;
  /** Names of the parts, "reconstruction" first. */
  components: readonly string[];
  /** Reference period used. */
  period: ScoringPeriod;
  /** Features, count x {@link WINDOW_FEATURE_NAMES}.length. */
  features: Float64Array;
}

/** The reference period of a corrected age under the card's rule. */
export function scoringPeriod(scoring: HybridScoring, correctedAgeWeeks: number): ScoringPeriod {
  if (!Number.isFinite(correctedAgeWeeks)) throw new RangeError(`the hybrid score needs the infant's corrected age in weeks, got ${correctedAgeWeeks}`);
  return correctedAgeWeeks >= scoring.periods.fidgetyFromWeeks ? "fidgety" : "writhing";
}

/**
 * The product's window anomaly score (the model card's `scoring`):
 * `score = max(r, max_k |z_k|)` with `r = (ln(error) - reconstruction[p].mean) / reconstruction[p].std`
 * and `z_k = (feature_k - features[k][p].mean) / features[k][p].std`, p the period of the
 * corrected age. Features are computed here from the windows; errors come from the autoencoder.
 */
export function hybridScores(scoring: HybridScoring, windows: Float32Array, errors: ArrayLike<number>, count: number, correctedAgeWeeks: number, windowSize = DEFAULT_WINDOW_SIZE): HybridScores {
  if (errors.length < count) throw new RangeError(`errors must hold one value per window (${count}), got ${errors.length}`);
  const period = scoringPeriod(scoring, correctedAgeWeeks);
  const features = windowFeatureMatrix(windows, count, windowSize);
  const nf = WINDOW_FEATURE_NAMES.length;
  const components = scoring.components;
  const columns = components.slice(1).map((name) => {
    const ref = scoring.features[name]?.[period];
    if (!ref) throw new RangeError(`the scoring constants have no ${period} reference for ${name}`);
    return { column: WINDOW_FEATURE_NAMES.indexOf(name as WindowFeatureName), mean: ref.mean, std: ref.std };
  });
  const rec = scoring.reconstruction[period];
  const np = components.length;
  const parts = new Float64Array(count * np);
  const scores = new Float64Array(count);
  const drivers = new Uint8Array(count);
  for (let w = 0; w < count; w++) {
    const r = (Math.log(errors[w]!) - rec.mean) / rec.std;
    parts[w * np] = r;
    let best = r;
    let driver = 0;
    for (let c = 0; c < columns.length; c++) {
      const { column, mean, std } = columns[c]!;
      const z = (features[w * nf + column]! - mean) / std;
      parts[w * np + c + 1] = z;
      if (Math.abs(z) > best) {
        best = Math.abs(z);
        driver = c + 1;
      }
    }
    scores[w] = best;
    drivers[w] = driver;
  }
  return { scores, drivers, parts, components, period, features };
}
