// Whether a clinician's General Movements class and the model's risk level say the same thing
// of a recording: the comparison the analysis page states under a review.

import { classAgreesWithRisk, gmaClass, type GmaClass } from "./gma-classes";
import type { RiskLevelName } from "./risk-level";

/**
 * True when the clinician's class and the model's risk level agree, false when they differ, null
 * for a recording found not assessable: @gma/core's rule, the one the HTML report states too.
 */
export const reviewAgrees = classAgreesWithRisk;

/** The comparison as the review card states it, in one plain sentence. */
export function reviewAgreementSentence(classification: GmaClass, riskLevel: RiskLevelName): string {
  const agrees = classAgreesWithRisk(classification, riskLevel);
  if (agrees === null) return "Not compared with the model: the recording was found not assessable.";
  const found = gmaClass(classification).verdict === "normal" ? "normal" : "abnormal";
  return agrees
    ? `The clinician's class agrees with the model: ${found} movements, and a ${riskLevel} risk level.`
    : `The clinician's class differs from the model: ${found} movements, but a ${riskLevel} risk level.`;
}
