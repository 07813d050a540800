// What a report must tell its reader before its findings (an age outside the window the General
// Movements Assessment is validated for, a preterm recording, a simulated recording, an age that
// differs from the one its file states), and the infant's age in words. Imports nothing: the
// dashboard bundles it for the browser (@gma/core/report-notices), and the HTML report, the
// assessment and `gma analyze` use the same words.

/** The parts of a report's `age` that its words depend on. */
export interface ReportAgeFacts {
  ageWeeks: number;
  gestationalAgeWeeks: number | null;
  correctedAgeWeeks: number;
  corrected: boolean;
  /** "writhing", "fidgety" or "beyond"; the scoring calls a preterm age "writhing". */
  period: string;
}

/** What a report's `input` says of where the recording came from (report schema 1.5.0 on). */
export interface ReportInputFacts {
  /** Present when the keypoint file says it is synthetic (simulated movement). */
  synthetic?: { movementClass: string | null } | undefined;
  /** The age at recording the keypoint file states, when it states one. */
  statedAgeWeeks?: number | undefined;
}

/**
 * How a printout names its recording: "recording cramped.json (fingerprint 3f…)", or by its
 * fingerprint alone when the report names no file (plain text; the HTML report escapes it).
 */
export function recordingWords(input: { fileName?: string | undefined; fingerprint?: string | null | undefined }): string {
  const fingerprint = input.fingerprint ?? null;
  if (input.fileName === undefined) return fingerprint === null ? "recording without fingerprint" : `recording ${fingerprint}`;
  return fingerprint === null ? `recording ${input.fileName}` : `recording ${input.fileName} (fingerprint ${fingerprint})`;
}

/** Which notice: each has its own `data-notice` in the HTML report. */
export type ReportNoticeKind = "age-window" | "preterm" | "simulated-recording" | "stated-age";

/** One notice: a short title to lead with, and the sentence that explains it. */
export interface ReportNotice {
  kind: ReportNoticeKind;
  title: string;
  text: string;
}

/** The oldest corrected age, in weeks, the General Movements Assessment is validated for (domain.md, "Age"). */
export const GMA_VALIDATED_UNTIL_WEEKS = 20;

/**
 * What a finding outside the GMA's age window is, and what confirms it: the report's assessment,
 * its recommendations and its notice all say it.
 */
export const OUTSIDE_GMA_WINDOW_STATEMENT =
  `outside the age window the General Movements Assessment is validated for (up to ${GMA_VALIDATED_UNTIL_WEEKS} weeks corrected age); the model's finding is a movement screen only: confirm with an age-appropriate neurological examination such as the HINE (Hammersmith Infant Neurological Examination)`;

/** Why a preterm recording is read with care. */
export const PRETERM_CAVEAT = "The writhing-movement references describe infants at term age, so a preterm recording is compared against them with care.";

/** "12", "12.5": weeks as a reader writes them. */
function weeksNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** "1 week", "14 weeks". */
export function weeksInWords(x: number): string {
  return `${weeksNumber(x)} ${x === 1 ? "week" : "weeks"}`;
}

/** True when the corrected age lies before term age (a recording of a preterm infant before its due date). */
export function isPretermAge(age: Pick<ReportAgeFacts, "correctedAgeWeeks">): boolean {
  return age.correctedAgeWeeks < 0;
}

/** True when the corrected age lies past the window the General Movements Assessment is validated for. */
export function isBeyondGmaWindow(age: Pick<ReportAgeFacts, "period">): boolean {
  return age.period === "beyond";
}

/** "preterm: 14 weeks before term age" for a negative corrected age, never "-14 weeks". */
export function pretermWords(age: Pick<ReportAgeFacts, "correctedAgeWeeks">): string {
  return `preterm: ${weeksInWords(-age.correctedAgeWeeks)} before term age`;
}

/**
 * The age's period as a reader names it: "writhing period", "fidgety period", "preterm: 14 weeks
 * before term age" (which the scoring treats as writhing), or "beyond the GMA age window".
 */
export function agePeriodWords(age: Pick<ReportAgeFacts, "correctedAgeWeeks" | "period">): string {
  if (isPretermAge(age)) return pretermWords(age);
  if (age.period === "writhing") return "writhing period";
  if (age.period === "fidgety") return "fidgety period";
  if (age.period === "beyond") return `beyond the GMA age window (over ${GMA_VALIDATED_UNTIL_WEEKS} weeks corrected age)`;
  return `${age.period} period`;
}

/**
 * The age at recording in words, with its correction and period: "12 weeks; fidgety period",
 * "2 weeks, born at 24 weeks; preterm: 14 weeks before term age", "30 weeks, corrected 27 weeks
 * (born at 37 weeks); beyond the GMA age window (...)".
 */
export function ageWords(age: ReportAgeFacts): string {
  const born = age.gestationalAgeWeeks === null ? "" : `born at ${weeksInWords(age.gestationalAgeWeeks)}`;
  let words = weeksInWords(age.ageWeeks);
  if (age.corrected && !isPretermAge(age)) words += `, corrected ${weeksInWords(age.correctedAgeWeeks)}${born ? ` (${born})` : ""}`;
  else if (age.corrected && born) words += `, ${born}`;
  return `${words}; ${agePeriodWords(age)}`;
}

/** The ages differ by more than the tenth of a week a keypoint file rounds its age to. */
function agesDiffer(a: number, b: number): boolean {
  return Math.abs(a - b) >= 0.05;
}

/**
 * The notices a report carries, most important first: its age outside the GMA's window or before
 * term age, a simulated recording, and an age that differs from the one the keypoint file states
 * (the analysis uses the age it was given). Empty when there is nothing to say.
 */
export function reportNotices(report: { age: ReportAgeFacts; input: ReportInputFacts }): ReportNotice[] {
  const { age, input } = report;
  const notices: ReportNotice[] = [];
  if (isBeyondGmaWindow(age)) {
    notices.push({
      kind: "age-window",
      title: "Outside the GMA age window.",
      text: `At ${weeksInWords(age.correctedAgeWeeks)}${age.corrected ? " corrected age" : " of age"} this recording is ${OUTSIDE_GMA_WINDOW_STATEMENT}.`,
    });
  }
  if (isPretermAge(age)) {
    notices.push({ kind: "preterm", title: "Preterm recording.", text: `Recorded before term age (${pretermWords(age)}). ${PRETERM_CAVEAT}` });
  }
  if (input.synthetic) {
    const movementClass = input.synthetic.movementClass;
    notices.push({
      kind: "simulated-recording",
      title: "SIMULATED recording.",
      text: `The keypoint file says it is synthetic: simulated infant movement${movementClass ? ` of the class "${movementClass}"` : ""}, not a recording of a real infant.`,
    });
  }
  if (input.statedAgeWeeks !== undefined && agesDiffer(input.statedAgeWeeks, age.ageWeeks)) {
    notices.push({
      kind: "stated-age",
      title: "Age differs from the file's.",
      text: `The keypoint file states an age of ${weeksInWords(input.statedAgeWeeks)}; this analysis used ${weeksInWords(age.ageWeeks)}, the age it was given.`,
    });
  }
  return notices;
}
