import { RISK_RULE_MEASURES, strongestSigns, type RiskRuleId } from "@gma/core/report-signs";
import type { AnomalyModelQuery } from "@/gql/graphql";
import { formatNumber } from "@/lib/format";

type Model = AnomalyModelQuery["anomalyModel"];
/** The window-level part of the served model's evaluation. */
export type WindowLevel = NonNullable<Model["windowLevel"]>;
/** The recording-level part of the served model's evaluation. */
export type RecordingLevel = NonNullable<Model["recordingLevel"]>;
type RecordingClass = RecordingLevel["classes"][number];
/** One weights file of the served model, measured against float32 during training. */
export type WeightsVariant = NonNullable<Model["variants"]>[number];

/** 0.9833 -> "98.3 %"; null -> "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(1)} %`;
}

/** A 95 % interval of rates as "91.1–99.7 %"; null -> "—". */
export function formatInterval(interval: { low: number; high: number } | null | undefined): string {
  if (!interval) return "—";
  return `${(interval.low * 100).toFixed(1)}–${(interval.high * 100).toFixed(1)} %`;
}

/** An AUROC to three decimals; null -> "—". */
export function formatAuroc(auroc: number | null | undefined): string {
  return auroc === null || auroc === undefined || !Number.isFinite(auroc) ? "—" : auroc.toFixed(3);
}

/** The level a class's recordings should get: normal ones low, anomalous ones medium or high. */
export function expectedLevel(label: RecordingClass["label"]): string {
  return label === "NORMAL" ? "low" : "medium or high";
}

/** One bar per class of the recording-level chart: its recordings rated low, medium and high. */
export function riskLevelBars(level: RecordingLevel): { name: string; low: number; medium: number; high: number }[] {
  return level.classes.map((c) => ({ name: c.name, low: c.low, medium: c.medium, high: c.high }));
}

/**
 * Each risk rule in words. The card lists a misrated recording's rules by id only, without their
 * values or limits, so the words name what the rule saw, not by how much.
 */
const SIGN_WORDS = {
  "max-error-critical": "largest window score far above the threshold",
  "max-error-elevated": "largest window score well above the threshold",
  "anomaly-rate-high": "high share of anomalous windows",
  "anomaly-rate-elevated": "raised share of anomalous windows",
  "anomaly-rate-mild": "slightly raised share of anomalous windows",
  "mean-error-above-threshold": "mean window score above the threshold",
  "mean-error-near-threshold": "mean window score near the threshold",
  "many-anomalous-windows": "many anomalous windows",
  "any-anomalous-window": "an anomalous window",
  "movement-critical-drop": "movement almost stopped",
  "movement-moderate-drop": "reduced movement",
  "limb-asymmetry": "left/right asymmetry of a limb pair",
} as const satisfies Record<RiskRuleId, string>;

function isRuleId(id: string): id is RiskRuleId {
  return Object.hasOwn(SIGN_WORDS, id);
}

/**
 * The signs of a misrated recording as the report shows them: the strongest of each measure
 * (`strongestSigns`; the card lists the rules most severe first, as the report does), each in
 * words. An id this dashboard does not know (a newer card's rule) is kept and shown as it is.
 */
export function misratedSigns(ids: readonly string[]): { id: string; words: string }[] {
  const signs = ids.map((id) => (isRuleId(id) ? { id, measure: RISK_RULE_MEASURES[id], words: SIGN_WORDS[id] } : { id, words: id }));
  return strongestSigns(signs).map(({ id, words }) => ({ id, words }));
}

/** One row per class: its window-level figures (anomaly classes only) beside its recording-level ones. */
export interface ClassRow {
  name: string;
  /** Expected recording level, in words; null when the card has no recording-level evaluation. */
  expected: string | null;
  auroc: number | null;
  sensitivity: number | null;
  recordingAuroc: number | null;
  /** Recordings rated as expected, with counts and interval; null without a recording level. */
  recording: { rated: number; recordings: number; rate: number; interval: { low: number; high: number } } | null;
}

/** The per-class table: every class either level names, in the recording level's order, then the rest. */
export function classRows(window: WindowLevel | null | undefined, recording: RecordingLevel | null | undefined): ClassRow[] {
  const names = [...new Set([...(recording?.classes ?? []).map((c) => c.name), ...(window?.classes ?? []).map((c) => c.name)])];
  return names.map((name) => {
    const w = window?.classes.find((c) => c.name === name);
    const r = recording?.classes.find((c) => c.name === name);
    return {
      name,
      expected: r ? expectedLevel(r.label) : null,
      auroc: w?.auroc ?? null,
      sensitivity: w?.sensitivity ?? null,
      recordingAuroc: w?.recordingAuroc ?? null,
      recording: r ? { rated: r.label === "NORMAL" ? r.low : r.medium + r.high, recordings: r.recordings, rate: r.correctRate, interval: r.correctInterval95 } : null,
    };
  });
}

/** The window-level goal and whether it is met, as one plain sentence. */
export function goalStatement(window: WindowLevel): string {
  if (window.goalMet === null || window.goalMet === undefined) return window.goal ? `Goal: ${window.goal}. The card does not say whether it is met.` : "The card states no goal.";
  const goal = window.goal ? ` (${window.goal})` : "";
  return window.goalMet ? `The training goal${goal} is met.` : `The training goal${goal} is NOT met.`;
}

/**
 * A small non-negative difference in exponential notation with one decimal ("1.1e-2"), so that
 * 1e-6 and 1e-2 read as far apart as they are; 0 -> "0", null -> "—".
 */
export function formatSmallNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  return value.toExponential(1).replace("e+", "e");
}

/** One row of the weights files table, every cell as shown. */
export interface WeightsVariantRow {
  name: string;
  file: string;
  sizeKiB: string;
  windowsPerSBatch1: string;
  windowsPerSBatch64: string;
  /** Largest per-class AUROC difference from float32; "—" for the float32 file itself. */
  maxAurocDelta: string;
  specificity: string;
  /** Test windows flagged differently from float32. */
  flagDisagreements: string;
  /** Largest change of a window's output between scoring it alone and in a batch. */
  batchDependence: string;
  served: boolean;
}

/** The weights files table: one row per variant, in the card's order. */
export function weightsVariantRows(variants: readonly WeightsVariant[]): WeightsVariantRow[] {
  return variants.map((v) => ({
    name: v.name,
    file: v.file,
    sizeKiB: formatNumber(v.sizeKiB, 1),
    windowsPerSBatch1: formatNumber(v.windowsPerSBatch1, 0),
    windowsPerSBatch64: formatNumber(v.windowsPerSBatch64, 0),
    maxAurocDelta: formatSmallNumber(v.maxAurocDelta),
    specificity: formatRate(v.specificity),
    flagDisagreements: v.flagDisagreements === null || v.flagDisagreements === undefined ? "—" : String(v.flagDisagreements),
    batchDependence: formatSmallNumber(v.batchDependence),
    served: v.served,
  }));
}
