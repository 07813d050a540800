// How the model's risk levels agree with clinicians' own General Movements Assessments of real
// recordings analysed on this installation (the API's reviewAgreement counts). The model card's
// figures are measured on SYNTHETIC movement; these are the evidence from real infants.

import type { GmaClassification, ReviewAgreementCell, RiskLevel } from "@/gql/graphql";
import { plural } from "./format";
import { GMA_CLASSES, type GmaClass, type GmaClassInfo } from "./gma-classes";
import { formatInterval, formatRate } from "./model-evaluation";

/** One count of the API's reviewAgreement: reviews giving one class to one risk level (of one model version). */
export type ReviewAgreementCount = Pick<ReviewAgreementCell, "classification" | "modelRiskLevel" | "count" | "modelVersion">;

/** Below this many reviews in either group (abnormal, normal) a figure is too uncertain to judge the model by. */
export const MIN_REVIEWS_TO_JUDGE = 20;

/** z of a two-sided 95 % interval (as the model card's recording-level intervals use). */
const Z95 = 1.959964;

/** A proportion's 95 % interval, each end between 0 and 1. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval of the proportion `k / n` at 95 %: unlike the normal approximation it
 * stays within 0–1 and is not empty at 0 % and 100 %, which few reviews often give. Null when
 * there is nothing to estimate from (`n` is 0).
 */
export function wilsonInterval(k: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0/n and n/n the centre and half-width are equal up to rounding: clamp, so the ends read 0 and 1.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/** How many of a group of reviews the model rated as it should have, with the rate and its 95 % interval. */
export interface AgreementFigure {
  /** Reviews the model rated as the clinician's verdict asks (low for normal, medium or high for abnormal). */
  agreed: number;
  /** Reviews in the group: the denominator. */
  reviews: number;
  /** `agreed / reviews`; null with no reviews. */
  rate: number | null;
  interval95: Interval | null;
  /** Fewer than {@link MIN_REVIEWS_TO_JUDGE} reviews: too few to judge the model by. */
  tooFew: boolean;
}

/** One row of the contingency table: one clinician's class and the model's levels for it. */
export interface AgreementRow {
  classification: GmaClass;
  info: GmaClassInfo;
  low: number;
  medium: number;
  high: number;
  total: number;
}

/** The reviews of one model version (or of all) against the model's risk levels. */
export interface ReviewAgreementSummary {
  /** Every clinician's class, in the order of {@link GMA_CLASSES}, with no reviews as zeros. */
  rows: AgreementRow[];
  /** Column totals over every class (not-assessable reviews included). */
  totals: { low: number; medium: number; high: number; total: number };
  /** Of the reviews classed abnormal, those the model rated medium or high (sensitivity against clinicians). */
  sensitivity: AgreementFigure;
  /** Of the reviews classed normal, those the model rated low (specificity against clinicians). */
  specificity: AgreementFigure;
  /** Reviews of recordings that could not be assessed: counted apart, in neither figure. */
  notAssessable: number;
  /** Reviews with a class or level this dashboard does not know (a newer API): in no row and neither figure. */
  unrecognised: number;
  /** Every review counted, not-assessable and unrecognised ones included. */
  reviews: number;
  /** Either figure rests on too few reviews ({@link AgreementFigure.tooFew}). */
  tooFew: boolean;
}

const LEVEL_KEYS: Readonly<Partial<Record<RiskLevel, "low" | "medium" | "high">>> = { LOW: "low", MEDIUM: "medium", HIGH: "high" };

function figure(agreed: number, reviews: number): AgreementFigure {
  return { agreed, reviews, rate: reviews > 0 ? agreed / reviews : null, interval95: wilsonInterval(agreed, reviews), tooFew: reviews < MIN_REVIEWS_TO_JUDGE };
}

/**
 * The contingency table and the two headline figures from the API's counts. Counts of several
 * model versions (the "all versions" choice) are added up per class and level.
 */
export function summarizeReviewAgreement(cells: readonly ReviewAgreementCount[]): ReviewAgreementSummary {
  const rows = new Map<GmaClassification, AgreementRow>(GMA_CLASSES.map((info) => [info.value, { classification: info.value, info, low: 0, medium: 0, high: 0, total: 0 }]));
  let unrecognised = 0;
  for (const cell of cells) {
    const row = rows.get(cell.classification);
    const level = LEVEL_KEYS[cell.modelRiskLevel];
    if (!row || !level) {
      unrecognised += cell.count;
      continue;
    }
    row[level] += cell.count;
    row.total += cell.count;
  }
  const list = [...rows.values()];
  const sum = (of: readonly AgreementRow[], key: "low" | "medium" | "high" | "total") => of.reduce((s, r) => s + r[key], 0);
  const abnormal = list.filter((r) => r.info.verdict === "abnormal");
  const normal = list.filter((r) => r.info.verdict === "normal");
  const unassessable = list.filter((r) => r.info.verdict === "unassessable");
  const sensitivity = figure(sum(abnormal, "medium") + sum(abnormal, "high"), sum(abnormal, "total"));
  const specificity = figure(sum(normal, "low"), sum(normal, "total"));
  const totals = { low: sum(list, "low"), medium: sum(list, "medium"), high: sum(list, "high"), total: sum(list, "total") };
  return {
    rows: list,
    totals,
    sensitivity,
    specificity,
    notAssessable: sum(unassessable, "total"),
    unrecognised,
    reviews: totals.total + unrecognised,
    tooFew: sensitivity.tooFew || specificity.tooFew,
  };
}

/** One bar per clinician's class, named by its abbreviation, of the model's levels for its reviews. */
export function agreementBars(summary: ReviewAgreementSummary): { name: string; low: number; medium: number; high: number }[] {
  return summary.rows.map((r) => ({ name: r.info.abbreviation, low: r.low, medium: r.medium, high: r.high }));
}

/** The abbreviations of the classes with one verdict, as a clinician lists them: "PR, CS, Ch, AF, F-". */
export function verdictAbbreviations(verdict: GmaClassInfo["verdict"]): string {
  return GMA_CLASSES.filter((c) => c.verdict === verdict)
    .map((c) => c.abbreviation)
    .join(", ");
}

/**
 * A headline figure as one sentence: "Of 25 recordings clinicians classed abnormal (PR, CS, Ch,
 * AF, F-), the model rated 20 (80.0 %) medium or high." With no reviews in the group, says so.
 */
export function agreementSentence(kind: "sensitivity" | "specificity", f: AgreementFigure): string {
  const verdict = kind === "sensitivity" ? "abnormal" : "normal";
  const group = `classed ${verdict} (${verdictAbbreviations(verdict)})`;
  if (f.reviews === 0) return `No recording has been ${group} yet.`;
  const levels = kind === "sensitivity" ? "medium or high" : "low";
  return `Of ${plural(f.reviews, "recording")} clinicians ${group}, the model rated ${f.agreed.toLocaleString()} (${formatRate(f.rate)}) ${levels}.`;
}

/** A figure's interval as shown: "95 % interval 60.9–91.1 %"; "—" with no reviews. */
export function agreementInterval(f: AgreementFigure): string {
  return f.interval95 ? `95 % interval ${formatInterval(f.interval95)}` : "—";
}
