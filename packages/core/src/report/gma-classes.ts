// Prechtl's General Movements classes as clinicians record them in a review (the API's
// GmaClassification), with the words and abbreviations a report and the dashboard show. Imports
// nothing: the dashboard bundles it for the browser (@gma/core/gma-classes).

/** A clinician's class, spelled as the API's GmaClassification enum. */
export type GmaClass =
  | "NORMAL_WRITHING"
  | "POOR_REPERTOIRE"
  | "CRAMPED_SYNCHRONISED"
  | "CHAOTIC"
  | "NORMAL_FIDGETY"
  | "ABNORMAL_FIDGETY"
  | "ABSENT_FIDGETY"
  | "NOT_ASSESSABLE";

/** Which of the two assessments a class belongs to; `other` for a recording not assessable. */
export type GmaClassPeriod = "writhing" | "fidgety" | "other";

/**
 * What the class says of the movements: `normal`, `abnormal` (any deviation, PR and AF included,
 * though their predictive value is lower than CS's and F-'s) or `unassessable`.
 */
export type GmaClassVerdict = "normal" | "abnormal" | "unassessable";

/** How one class is shown. */
export interface GmaClassInfo {
  value: GmaClass;
  /** The usual abbreviation (N, PR, CS, Ch, F+, AF, F-). */
  abbreviation: string;
  label: string;
  /** One line a reviewer can check their choice against. */
  description: string;
  period: GmaClassPeriod;
  verdict: GmaClassVerdict;
}

/** Every class, writhing period first, in the order a reviewer reads them. */
export const GMA_CLASSES: readonly GmaClassInfo[] = [
  { value: "NORMAL_WRITHING", abbreviation: "N", label: "Normal writhing movements", description: "Variable sequence, amplitude, speed and force; fluent and elegant.", period: "writhing", verdict: "normal" },
  { value: "POOR_REPERTOIRE", abbreviation: "PR", label: "Poor repertoire", description: "Monotonous sequences; movements of the body parts do not vary as normal.", period: "writhing", verdict: "abnormal" },
  { value: "CRAMPED_SYNCHRONISED", abbreviation: "CS", label: "Cramped-synchronised", description: "Rigid; limbs and trunk contract and relax almost simultaneously.", period: "writhing", verdict: "abnormal" },
  { value: "CHAOTIC", abbreviation: "Ch", label: "Chaotic", description: "Large amplitude, abrupt, in no order and without fluency.", period: "writhing", verdict: "abnormal" },
  { value: "NORMAL_FIDGETY", abbreviation: "F+", label: "Normal fidgety movements", description: "Continual small movements of neck, trunk and limbs in all directions.", period: "fidgety", verdict: "normal" },
  { value: "ABNORMAL_FIDGETY", abbreviation: "AF", label: "Abnormal fidgety movements", description: "Like fidgety movements, but amplitude, speed and jerkiness exaggerated.", period: "fidgety", verdict: "abnormal" },
  { value: "ABSENT_FIDGETY", abbreviation: "F-", label: "Fidgety movements absent", description: "No fidgety movements, though other movements may be seen.", period: "fidgety", verdict: "abnormal" },
  { value: "NOT_ASSESSABLE", abbreviation: "n/a", label: "Not assessable", description: "The recording does not allow an assessment (crying, asleep, out of view).", period: "other", verdict: "unassessable" },
];

const BY_VALUE = new Map(GMA_CLASSES.map((c) => [c.value, c]));

/** The class's description; throws on a value the dashboard does not know (a newer API). */
export function gmaClass(value: GmaClass): GmaClassInfo {
  const info = BY_VALUE.get(value);
  if (!info) throw new RangeError(`unknown GMA class ${String(value)}`);
  return info;
}

/** "F+ (Normal fidgety movements)": the abbreviation a clinician expects, and the words. */
export function gmaClassName(value: GmaClass): string {
  const c = gmaClass(value);
  return c.period === "other" ? c.label : `${c.abbreviation} (${c.label})`;
}

/**
 * The classes grouped for a form, the group of the recording's own period first (a fidgety-age
 * infant is assessed for fidgety movements), `other` last.
 */
export function gmaClassGroups(period: "writhing" | "fidgety" | "beyond" | null | undefined): { period: GmaClassPeriod; classes: GmaClassInfo[] }[] {
  const order: GmaClassPeriod[] = period === "writhing" ? ["writhing", "fidgety", "other"] : ["fidgety", "writhing", "other"];
  return order.map((p) => ({ period: p, classes: GMA_CLASSES.filter((c) => c.period === p) }));
}

/**
 * Whether a clinician's class and the model's risk level say the same of a recording: a normal
 * class (N, F+) with a low risk, or an abnormal one (PR, CS, Ch, AF, F-) with a medium or high
 * risk (medium counts with high: the report asks for a clinician's look at both); false when they
 * differ; null for a recording found not assessable, which has no class to compare.
 */
export function classAgreesWithRisk(classification: GmaClass, riskLevel: "low" | "medium" | "high"): boolean | null {
  const { verdict } = gmaClass(classification);
  if (verdict === "unassessable") return null;
  return verdict === "normal" ? riskLevel === "low" : riskLevel !== "low";
}
