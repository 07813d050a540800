import type { AgeInfo, AsymmetryResult, MovementFindings, RiskLevel } from "../analysis";

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

/** What each part of the hybrid window score measures, for the statement. */
const SCORE_PARTS: Record<string, string> = {
  reconstruction: "the form of the movement (unlike the normal movement the model learnt)",
  amplitude: "the amount of movement",
  leftRightLogRatio: "the balance between the left and right limbs",
  crossLimbCorrelation: "how independently the limbs move",
  distalProximalRatio: "the movement of hands and feet relative to elbows and knees",
  spectralPeakShare: "the variety of rhythms",
};

/**
 * Words the result the way a GMA assessor would frame it, without diagnosing: what period the
 * infant is in, how far the movements deviate from the normal reference, and which findings
 * stand out.
 */
export function describeAssessment(level: RiskLevel, age: AgeInfo, findings: MovementFindings, asymmetry: AsymmetryResult, flaggedBy: Readonly<Record<string, number>> = {}): Assessment {
  const lead = {
    low: "Spontaneous movements lie within the range of the normal reference",
    medium: "Spontaneous movements show some deviations from the normal reference",
    high: "Spontaneous movements deviate markedly from the normal reference",
  }[level];
  const summary = `${lead} for ${PERIOD[age.period]}.`;
  const details: string[] = [];
  if (age.corrected) details.push(`Age ${fmt(age.ageWeeks)} weeks, corrected for prematurity (born at ${fmt(age.gestationalAgeWeeks ?? 0)} weeks) to ${fmt(age.correctedAgeWeeks)} weeks.`);
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
    details.push(`Most anomalous windows (${k} of ${total}) depart from normal in ${SCORE_PARTS[part] ?? part}.`);
  }
  if (age.period === "beyond") details.push("The General Movements Assessment is validated up to 20 weeks corrected age; interpret with care.");
  return { summary, details };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
