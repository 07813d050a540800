// The parts of the API's screening report (JSON scalar, schemaVersion 1.x) that the dashboard
// draws. The API sends it untyped; readReport checks the shape before anything renders it.

import { agePeriodWords, isPretermAge, recordingWords } from "@gma/core/report-notices";
import { flaggedBySummary as partsSummary } from "@gma/core/score-parts";
import { formatNumber } from "./format";

export type RangeStatus = "reduced" | "normal" | "increased";

export interface ReportJoint {
  joint: number;
  name: string;
  amplitude: number;
  velocity: number;
  normalAmplitude: { mean: number; std: number };
  normalVelocity: { mean: number; std: number };
  amplitudeZ: number;
  status: RangeStatus;
}

export interface ReportView {
  schemaVersion: string;
  generatedAt: string;
  disclaimer: string;
  /**
   * `fingerprint`: the recording's content hash, null when unknown; from report schema 1.5.0 the
   * recording's file name and what its keypoint file says of itself (simulated, its age), when known.
   */
  input: {
    fingerprint?: string | null;
    fileName?: string;
    synthetic?: { movementClass: string | null };
    statedAgeWeeks?: number;
    fps: number;
    windowSize: number;
    windowCount: number;
  };
  age: { ageWeeks: number; gestationalAgeWeeks: number | null; correctedAgeWeeks: number; corrected: boolean; period: string };
  assessment: { summary: string; details: string[] };
  risk: { level: "low" | "medium" | "high"; anomalyRatePercent: number; signs: ReportSign[] };
  recommendations: string[];
  findings: { movementLevel: string; joints: ReportJoint[] };
  asymmetry: {
    thresholdSigma: number;
    limbs: { limb: string; ratio: number | null; normalMean: number; normalStd: number; zScore: number | null; asymmetric: boolean; reducedSide: string | null }[];
  };
  timeline: {
    /** What `errors` holds (1.1.0 on); absent in 1.0.0, where it is the reconstruction error. */
    scoreKind?: "hybrid-max-z" | "reconstruction-error";
    threshold: number;
    startTimesS: number[];
    errors: number[];
    anomalous: boolean[];
    maxError: number;
    meanError: number;
    anomalousCount: number;
    /** Anomalous windows per part of the score that set them (1.1.0 on). */
    flaggedBy?: Record<string, number>;
  };
  quality: {
    passed: boolean;
    validPoseShare: number;
    inFrameShare: number;
    durationS: number;
    fps: number;
    windows: number;
    checks: { criterion: string; value: number; minimum: number; passed: boolean }[];
  };
  model: {
    version: string;
    /** File of the weights that scored (report schema 1.3.0 on). */
    weights?: string;
    threshold: number;
    /** What the model was trained and evaluated on (report schema 1.2.0 on). */
    trainingData?: { synthetic: boolean; note: string | null };
  };
}

/** True when the report's model has seen only simulated infants (its card says so). */
export function fromSyntheticModel(report: ReportView): boolean {
  return report.model.trainingData?.synthetic === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One risk sign of a report; `measure` from report schema 1.4.0 on. */
export interface ReportSign {
  id: string;
  measure?: string;
  severity: string;
  message: string;
}

/**
 * The report when it has the 1.x shape the dashboard draws, else null (an older or newer
 * report is then offered as a download only).
 */
export function readReport(json: unknown): ReportView | null {
  if (!isObject(json) || typeof json.schemaVersion !== "string" || !json.schemaVersion.startsWith("1.")) return null;
  const t = json.timeline;
  if (!isObject(t) || !Array.isArray(t.errors) || !Array.isArray(t.startTimesS) || !Array.isArray(t.anomalous)) return null;
  if (t.errors.length !== t.startTimesS.length || t.errors.length !== t.anomalous.length) return null;
  for (const key of ["risk", "findings", "asymmetry", "quality", "assessment", "input", "age", "model"]) if (!isObject(json[key])) return null;
  return json as unknown as ReportView;
}

/** One point per window of the error timeline, with where it ends. */
export function timelinePoints(report: ReportView): { start: number; end: number; error: number; anomalous: boolean }[] {
  const span = report.input.windowSize / report.input.fps;
  return report.timeline.errors.map((error, i) => {
    const start = report.timeline.startTimesS[i] ?? 0;
    return { start, end: start + span, error, anomalous: report.timeline.anomalous[i] ?? false };
  });
}

/** Runs of consecutive anomalous windows merged into [from, to] second ranges, for shading. */
export function anomalousRanges(report: ReportView): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  for (const point of timelinePoints(report)) {
    if (!point.anomalous) continue;
    const last = ranges[ranges.length - 1];
    if (last && point.start <= last.to) last.to = Math.max(last.to, point.end);
    else ranges.push({ from: point.start, to: point.end });
  }
  return ranges;
}

/** What a report's timeline plots, in words for titles and legends. */
export function scoreLabel(report: ReportView): { title: string; series: string } {
  return report.timeline.scoreKind === "hybrid-max-z"
    ? { title: "Anomaly score timeline", series: "anomaly score (SD from normal)" }
    : { title: "Error timeline", series: "reconstruction error" };
}

/**
 * "amount of movement 12, reconstruction error 3": the parts of the score that flagged windows,
 * most first, in the words the HTML report uses (@gma/core/score-parts).
 */
export function flaggedBySummary(report: ReportView): string | null {
  return partsSummary(report.timeline.flaggedBy);
}

/** "recording cramped.json (fingerprint 3f…)", or the fingerprint alone when the report names no file: how a printout names its recording, in the HTML report's words. */
export function recordingLabel(report: ReportView): string {
  return recordingWords(report.input);
}

/**
 * The age tiles' words: the period as a reader names it ("fidgety period", "preterm: 14 weeks
 * before term age", "beyond the GMA age window (...)"), never a bare enum or a negative age.
 */
export function ageView(age: ReportView["age"]): { period: string; correctedAge: string; correctedNote: string } {
  const preterm = isPretermAge(age);
  return {
    period: agePeriodWords(age),
    correctedAge: preterm ? `${formatNumber(-age.correctedAgeWeeks, 1)} wk before term` : `${formatNumber(age.correctedAgeWeeks, 1)} wk`,
    correctedNote: preterm ? "preterm, corrected for prematurity" : age.corrected ? "corrected for prematurity" : "post-term",
  };
}

/** How the dashboard names a quality criterion and writes its figures (value and minimum alike). */
const QUALITY_CRITERIA: Record<string, { label: string; format: (value: number) => string }> = {
  validPoseShare: { label: "frames with a pose", format: (v) => `${formatNumber(v * 100, 1)} %` },
  inFrameShare: { label: "frames with the whole body in view", format: (v) => `${formatNumber(v * 100, 1)} %` },
  durationS: { label: "duration", format: (v) => `${formatNumber(v, 1)} s` },
  fps: { label: "frame rate", format: (v) => `${formatNumber(v, 1)} fps` },
  windows: { label: "analysis windows", format: (v) => formatNumber(v, 0) },
};

/**
 * One quality check in words and units ("frames with a pose", "98 %"); a criterion this
 * dashboard does not know keeps the report's own name and a bare number.
 */
export function qualityCheckView(check: { criterion: string; value: number; minimum: number }): { label: string; value: string; minimum: string } {
  const known = QUALITY_CRITERIA[check.criterion];
  const format = known?.format ?? ((v: number) => formatNumber(v, 3));
  return { label: known?.label ?? check.criterion, value: format(check.value), minimum: format(check.minimum) };
}
