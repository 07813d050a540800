// What each chart shows, in words: its text alternative (the svg's aria-label, role="img") for
// those who cannot see it, and for anyone who wants the figures rather than the picture.

import { formatNumber, plural } from "./format";
import { anomalousRanges, scoreLabel, type RangeStatus, type ReportView } from "./report";

/** A chart's series as a summary names it. */
export interface SummarySeries {
  key: string;
  label: string;
}

/** Up to this many categories are all named; beyond it, only those with a value. */
const ALL_CATEGORIES_UP_TO = 12;

const isValue = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Bars per category, of one series or several (grouped or stacked), or points per value of x:
 * "analyses (count) by status: queued 0, running 1, succeeded 3." With several series a category
 * lists those it has ("fidgety: rated low 10, rated high 2"); of many categories only those with
 * a value are named.
 */
export function describeBars({
  what,
  by,
  data,
  series,
  formatName = (name) => name,
  format = (v) => formatNumber(v),
  omitZeros = series.length > 1,
}: {
  /** What the bars measure, with the unit or "count" (the y axis's title). */
  what: string;
  /** What the categories are (the x axis's title). */
  by: string;
  data: readonly ({ name: string } & Record<string, unknown>)[];
  series: readonly SummarySeries[];
  formatName?: (name: string) => string;
  format?: (value: number) => string;
  /** Leave a category's zeros out (counts stacked by kind); by default with several series. */
  omitZeros?: boolean;
}): string {
  if (data.length === 0) return `${what} by ${by}: no data yet.`;
  const one = series.length === 1;
  const categories = data.map((row) => {
    const values = series.flatMap((s) => {
      const v = row[s.key];
      return isValue(v) && !(omitZeros && v === 0) ? [one ? format(v) : `${s.label} ${format(v)}`] : [];
    });
    return { name: formatName(row.name), values };
  });
  const named = categories.length <= ALL_CATEGORIES_UP_TO ? categories : categories.filter((c) => c.values.length > 0);
  const rest = categories.length - named.length;
  const parts = named.map((c) => (one ? `${c.name} ${c.values[0] ?? "none"}` : `${c.name}: ${c.values.length ? c.values.join(", ") : "none"}`));
  const list = parts.length ? parts.join(one ? ", " : "; ") : "none in any";
  return `${what} by ${by}: ${list}${rest > 0 ? `; ${rest} other ${rest === 1 ? "category" : "categories"} with none` : ""}.`;
}

/**
 * Lines over time (or another axis): per series its latest value and range, "memory (MiB) over
 * time, 12 points: RSS latest 120 MiB, from 100 MiB to 130 MiB; heap used no data yet."
 */
export function describeLines({
  what,
  over,
  data,
  series,
  format = (v) => formatNumber(v),
}: {
  what: string;
  over: string;
  data: readonly Record<string, unknown>[];
  series: readonly SummarySeries[];
  format?: (value: number) => string;
}): string {
  if (data.length === 0) return `${what} over ${over}: no points yet.`;
  const lines = series.map((s) => {
    const values = data.map((row) => row[s.key]).filter(isValue);
    if (values.length === 0) return `${s.label} no data yet`;
    const latest = format(values[values.length - 1]!);
    return values.length === 1 ? `${s.label} ${latest}` : `${s.label} latest ${latest}, from ${format(Math.min(...values))} to ${format(Math.max(...values))}`;
  });
  return `${what} over ${over}, ${data.length === 1 ? "1 point" : `${data.length} points`}: ${lines.join("; ")}.`;
}

/**
 * A report's score timeline: how many windows, how many above the threshold and where, and the
 * highest: "anomaly score (SD from normal) of 40 windows over 60 s of the recording: 6 above the
 * threshold 2.50 (shaded), from 12 to 20 s and from 41 to 44 s; highest 4.10 at 14 s."
 */
export function describeTimeline(report: ReportView): string {
  const { errors, startTimesS, threshold, anomalousCount } = report.timeline;
  const what = scoreLabel(report).series;
  if (errors.length === 0) return `${what}: no windows were scored.`;
  const seconds = (s: number) => formatNumber(s, 1);
  const spanS = (startTimesS[startTimesS.length - 1] ?? 0) + report.input.windowSize / report.input.fps;
  const ranges = anomalousRanges(report).map((r) => `from ${seconds(r.from)} to ${seconds(r.to)} s`);
  let top = 0;
  for (let i = 1; i < errors.length; i++) if (errors[i]! > errors[top]!) top = i;
  const above = anomalousCount === 0 ? `none above the threshold ${threshold.toPrecision(3)}` : `${anomalousCount} above the threshold ${threshold.toPrecision(3)} (shaded), ${ranges.join(" and ")}`;
  return `${what} of ${errors.length} windows over ${seconds(spanS)} s of the recording: ${above}; highest ${errors[top]!.toPrecision(3)} at ${seconds(startTimesS[top] ?? 0)} s.`;
}

/**
 * A report's joint amplitudes against their normal ranges, by finding: "amplitude (share of body
 * size) of 25 joints against their normal mean ±2 SD: reduced leftElbow, leftWrist; increased
 * none; the other 23 normal."
 */
export function describeJointAmplitudes(report: ReportView, unit: string): string {
  const joints = report.findings.joints;
  const named = (status: RangeStatus) => joints.filter((j) => j.status === status).map((j) => j.name);
  const reduced = named("reduced");
  const increased = named("increased");
  const normal = joints.length - reduced.length - increased.length;
  const list = (names: string[]) => (names.length ? names.join(", ") : "none");
  const others = normal === joints.length ? "all" : normal === 0 ? "none" : `the other ${normal}`;
  return `amplitude (${unit}) of ${plural(joints.length, "joint")} against their normal mean ±2 SD: reduced ${list(reduced)}; increased ${list(increased)}; ${others} normal.`;
}
