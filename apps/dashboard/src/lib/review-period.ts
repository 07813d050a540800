// A clinician's class checked against the recording's age: a writhing-period class for an infant
// of fidgety age (or the reverse) is more often a slip of the mouse or a wrong age than a finding.

import { GMA_VALIDATED_UNTIL_WEEKS } from "@gma/core/report-notices";
import { gmaClass, gmaClassName, type GmaClass } from "./gma-classes";

/** A recording's period as its report states it (`age.period`). */
export type RecordingPeriod = "writhing" | "fidgety" | "beyond";

/** The report's `age.period` when it is one the form knows, else null (the groups then take their default order). */
export function recordingPeriod(period: unknown): RecordingPeriod | null {
  return period === "writhing" || period === "fidgety" || period === "beyond" ? period : null;
}

const PERIOD_WORDS = {
  writhing: "the writhing period (to 8 weeks corrected)",
  fidgety: `the fidgety period (9-${GMA_VALIDATED_UNTIL_WEEKS} weeks corrected)`,
} as const;

/**
 * What to say when `classification` belongs to another period than the recording's (`period`,
 * the report's `age.period`), or the recording is past the fidgety period; null when they match,
 * the period is unknown, or the recording was found not assessable. A warning, not a refusal:
 * the clinician may know better (a wrong age entered, an infant assessed late).
 */
export function reviewPeriodWarning(classification: GmaClass | null, period: RecordingPeriod | null): string | null {
  if (classification === null || period === null) return null;
  const info = gmaClass(classification);
  if (info.period === "other") return null;
  if (period === "beyond") {
    return `This recording is past ${GMA_VALIDATED_UNTIL_WEEKS} weeks corrected age, beyond the periods the General Movements Assessment covers: ${gmaClassName(classification)} may not apply.`;
  }
  if (info.period === period) return null;
  return `${gmaClassName(classification)} is a class of ${PERIOD_WORDS[info.period]}, but this recording is in ${PERIOD_WORDS[period]}. Check the class, or the age the recording was analysed with.`;
}
