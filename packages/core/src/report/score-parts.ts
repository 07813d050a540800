// The parts of the hybrid window score (the autoencoder's reconstruction error and the movement
// features of `anomaly/window-movement-features`) in a reader's words. Imports nothing: the
// dashboard bundles it for the browser (@gma/core/score-parts), and the HTML report and the
// assessment use the same words.

/** How one part of the window score is named, and what it measures, for a clinician. */
export interface ScorePartWords {
  /** A short name: "cross-limb correlation". */
  label: string;
  /** What a window that departs in it does differently: "how independently the limbs move". */
  measures: string;
}

/** Every part the shipped scoring knows, by the id a report's `timeline.flaggedBy` uses. */
export const SCORE_PARTS: Readonly<Record<string, ScorePartWords>> = Object.freeze({
  reconstruction: { label: "reconstruction error", measures: "the form of the movement, unlike the normal movement the model learnt" },
  amplitude: { label: "amount of movement", measures: "the amount of movement" },
  leftRightLogRatio: { label: "left/right balance", measures: "the balance between the left and right limbs" },
  crossLimbCorrelation: { label: "cross-limb correlation", measures: "how independently the limbs move" },
  distalProximalRatio: { label: "hand and foot movement", measures: "the movement of hands and feet relative to elbows and knees" },
  spectralPeakShare: { label: "single-rhythm share", measures: "the variety of rhythms" },
});

/**
 * The words of a score part; a part this version does not know (a newer model's) is named by its
 * id split into words ("someNewPart" -> "some new part"), never shown as a raw identifier.
 */
export function scorePart(part: string): ScorePartWords {
  const known = Object.prototype.hasOwnProperty.call(SCORE_PARTS, part) ? SCORE_PARTS[part] : undefined;
  if (known) return known;
  const words = part.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().trim();
  return { label: words || part, measures: words || part };
}

/**
 * "cross-limb correlation 721, reconstruction error 346": the anomalous windows each part of the
 * score flagged (a report's `timeline.flaggedBy`), most first, parts that flagged none left out;
 * null when none did.
 */
export function flaggedBySummary(flaggedBy: Readonly<Record<string, number>> | undefined): string | null {
  const entries = Object.entries(flaggedBy ?? {}).filter(([, k]) => k > 0);
  if (entries.length === 0) return null;
  return entries
    .sort(([, a], [, b]) => b - a)
    .map(([part, k]) => `${scorePart(part).label} ${k}`)
    .join(", ");
}
