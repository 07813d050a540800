import type { AgeInfo, AsymmetryResult, MovementFindings, RiskLevel } from "../analysis";
import { OUTSIDE_GMA_WINDOW_STATEMENT, PRETERM_CAVEAT, isBeyondGmaWindow, isPretermAge, pretermWords, reportNotices, weeksInWords, type ReportInputFacts } from "./report-notices";
import { scorePart } from "./score-parts";

/** GMA-style statement of a result. */
export interface Assessment {
  summary: string;
  details: string[];
}

const PERIOD: Record<AgeInfo["period"], string> = {
  writhing: "the writhing-movement period (under 9 weeks corrected age)",
  fidgety: "the fidgety-movement period (9-20 weeks corrected age)",
  beyond: "an age beyond the GMA window (over 20 weeks corrected age)",
};

const LIMB_NAMES: Record<string, string> = { leftArm: "left arm", rightArm: "right arm", leftLeg: "left leg", rightLeg: "right leg" };

/**
 * Words the result the way a GMA assessor would frame it, without diagnosing: what period the
 * infant is in, how far the movements deviate from the normal reference, and which findings
 * stand out. An age past the GMA's window is said to be one in the summary itself (the finding is
 * then a movement screen only), a preterm age in words with the caveat that the writhing
 * references describe term-age infants; what the keypoint file says of itself (`input`: a
 * simulated recording, an age other than the one analysed) ends the details.
 */
export function describeAssessment(
  level: RiskLevel,
  age: AgeInfo,
  findings: MovementFindings,
  asymmetry: AsymmetryResult,
  flaggedBy: Readonly<Record<string, number>> = {},
  input: ReportInputFacts = {},
): Assessment {
  const lead = {
    low: "Spontaneous movements lie within the range of the normal reference",
    medium: "Spontaneous movements show some deviations from the normal reference",
    high: "Spontaneous movements deviate markedly from the normal reference",
  }[level];
  const summary = isBeyondGmaWindow(age)
    ? `${lead}; at ${weeksInWords(age.correctedAgeWeeks)}${age.corrected ? " corrected age" : " of age"} this recording is ${OUTSIDE_GMA_WINDOW_STATEMENT}.`
    : isPretermAge(age)
      ? `${lead} for ${PERIOD.writhing}, applied to a recording made before term age (${pretermWords(age)}).`
      : `${lead} for ${PERIOD[age.period]}.`;
  const details: string[] = [];
  if (age.corrected) {
    const born = `born at ${weeksInWords(age.gestationalAgeWeeks ?? 0)}`;
    details.push(
      isPretermAge(age)
        ? `Age ${weeksInWords(age.ageWeeks)} (${born}): ${pretermWords(age)}. ${PRETERM_CAVEAT}`
        : `Age ${weeksInWords(age.ageWeeks)}, corrected for prematurity (${born}) to ${weeksInWords(age.correctedAgeWeeks)}.`,
    );
  }
  if (findings.movementLevel === "absent") {
    details.push(
      age.period === "fidgety"
        ? "Movement is nearly absent; in the fidgety period this is compatible with absent fidgety movements."
        : "Movement is nearly absent over the recording.",
    );
  } else if (findings.movementLevel === "reduced") {
    details.push("Overall movement is reduced compared with the normal reference.");
  }
  for (const limb of findings.limbs) {
    if (limb.status !== "normal") details.push(`The ${LIMB_NAMES[limb.limb] ?? limb.limb} moves ${limb.status === "reduced" ? "less" : "more"} than normal (z = ${fmt(limb.amplitudeZ)}).`);
  }
  for (const limb of asymmetry.limbs) {
    if (limb.asymmetric) {
      details.push(`Left/right asymmetry of the ${limb.limb}s: ratio ${fmt(limb.ratio ?? Number.NaN)} (z = ${fmt(limb.zScore ?? Number.NaN)}, limit ${fmt(asymmetry.thresholdSigma)}); the ${limb.reducedSide} side moves less.`);
    }
  }
  const flagged = Object.entries(flaggedBy).filter(([, k]) => k > 0).sort((a, b) => b[1] - a[1]);
  const total = flagged.reduce((t, [, k]) => t + k, 0);
  if (level !== "low" && total > 0) {
    const [part, k] = flagged[0]!;
    details.push(`${whichWindows(k, total)} from normal in ${partWords(part)}.`);
  }
  for (const notice of reportNotices({ age, input })) {
    if (notice.kind === "simulated-recording" || notice.kind === "stated-age") details.push(notice.text);
  }
  return { summary, details };
}

/** "Anomalous windows (all 721) depart", "Most anomalous windows (600 of 721) depart", or the largest group's share when no part holds most. */
function whichWindows(k: number, total: number): string {
  if (k === total) return `Anomalous windows (all ${total}) depart`;
  if (2 * k > total) return `Most anomalous windows (${k} of ${total}) depart`;
  return `The largest group of anomalous windows (${k} of ${total}) departs`;
}

/** "how independently the limbs move (cross-limb correlation)": what the part measures, and its name when that says more. */
function partWords(part: string): string {
  const { label, measures } = scorePart(part);
  return measures.includes(label) ? measures : `${measures} (${label})`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
