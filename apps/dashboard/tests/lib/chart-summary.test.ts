import { describe, expect, it } from "vitest";
import { describeBars, describeJointAmplitudes, describeLines, describeTimeline } from "@/lib/chart-summary";
import { readReport, type ReportJoint } from "@/lib/report";

/** A 1.x report (as readReport checks it) with a hybrid-score timeline of the given scores and joints. */
function report(errors: number[], joints: Pick<ReportJoint, "name" | "status">[] = []) {
  return readReport({
    schemaVersion: "1.1.0",
    input: { fps: 10, windowSize: 30, windowCount: errors.length },
    timeline: {
      scoreKind: "hybrid-max-z",
      threshold: 2.5,
      startTimesS: errors.map((_, i) => i * 1.5),
      errors,
      anomalous: errors.map((e) => e > 2.5),
      maxError: Math.max(...errors),
      meanError: 1,
      anomalousCount: errors.filter((e) => e > 2.5).length,
    },
    risk: {},
    findings: { movementLevel: "normal", joints },
    asymmetry: {},
    quality: {},
    assessment: {},
    age: {},
    model: {},
  })!;
}

describe("describeBars", () => {
  it("names every category of one series with its value, zeros included", () => {
    const data = [
      { name: "queued", value: 0 },
      { name: "succeeded", value: 3 },
    ];
    expect(describeBars({ what: "analyses (count)", by: "status", data, series: [{ key: "value", label: "analyses" }] })).toBe("analyses (count) by status: queued 0, succeeded 3.");
  });

  it("lists the series a stacked category has, and says which have none", () => {
    const data = [
      { name: "fidgety", low: 10, medium: 0, high: 0 },
      { name: "cramped", low: 0, medium: 2, high: 8 },
      { name: "empty", low: 0, medium: 0, high: 0 },
    ];
    const series = [
      { key: "low", label: "rated low" },
      { key: "medium", label: "rated medium" },
      { key: "high", label: "rated high" },
    ];
    expect(describeBars({ what: "recordings (count)", by: "simulator class", data, series, formatName: (n) => n.toUpperCase() })).toBe(
      "recordings (count) by simulator class: FIDGETY: rated low 10; CRAMPED: rated medium 2, rated high 8; EMPTY: none.",
    );
  });

  it("names only the categories with a value when there are many (thirty days), and counts the rest", () => {
    const data = Array.from({ length: 30 }, (_, i) => ({ name: `day ${i + 1}`, succeeded: i === 4 ? 2 : 0, failed: i === 4 ? 1 : 0 }));
    const series = [
      { key: "succeeded", label: "succeeded" },
      { key: "failed", label: "failed" },
    ];
    expect(describeBars({ what: "analyses (count)", by: "day", data, series })).toBe("analyses (count) by day: day 5: succeeded 2, failed 1; 29 other categories with none.");
    expect(describeBars({ what: "analyses (count)", by: "day", data: data.map((d) => ({ ...d, succeeded: 0, failed: 0 })), series })).toBe(
      "analyses (count) by day: none in any; 30 other categories with none.",
    );
  });

  it("keeps zeros when asked, formats values and says when there is nothing yet", () => {
    const series = [
      { key: "rate", label: "anomalous windows (%)" },
      { key: "mean", label: "mean score" },
    ];
    expect(describeBars({ what: "trend", by: "age", data: [{ name: "12 wk", rate: 0, mean: 1.234 }], series, omitZeros: false, format: (v) => v.toFixed(1) })).toBe(
      "trend by age: 12 wk: anomalous windows (%) 0.0, mean score 1.2.",
    );
    expect(describeBars({ what: "trend", by: "age", data: [], series })).toBe("trend by age: no data yet.");
  });
});

describe("describeLines", () => {
  it("gives each series its latest value and range, over rows where other series have gaps", () => {
    const data = [
      { t: 1, rss: 100, heap: null },
      { t: 2, rss: 130, heap: 40 },
      { t: 3, rss: 120, heap: null },
    ];
    const series = [
      { key: "rss", label: "RSS" },
      { key: "heap", label: "heap used" },
      { key: "external", label: "external" },
    ];
    expect(describeLines({ what: "memory (MiB)", over: "time", data, series, format: (v) => `${v} MiB` })).toBe(
      "memory (MiB) over time, 3 points: RSS latest 120 MiB, from 100 MiB to 130 MiB; heap used 40 MiB; external no data yet.",
    );
    expect(describeLines({ what: "memory (MiB)", over: "time", data: [], series })).toBe("memory (MiB) over time: no points yet.");
  });
});

describe("describeTimeline", () => {
  it("says how many windows rose above the threshold, where, and the highest score", () => {
    // Windows last 3 s and start every 1.5 s: windows 1-2 and 5 are above 2.5.
    expect(describeTimeline(report([1, 3, 4.1, 1, 1, 2.6]))).toBe(
      "anomaly score (SD from normal) of 6 windows over 10.5 s of the recording: 3 above the threshold 2.50 (shaded), from 1.5 to 6 s and from 7.5 to 10.5 s; highest 4.10 at 3 s.",
    );
    expect(describeTimeline(report([1, 2]))).toBe("anomaly score (SD from normal) of 2 windows over 4.5 s of the recording: none above the threshold 2.50; highest 2.00 at 1.5 s.");
  });
});

describe("describeJointAmplitudes", () => {
  it("names the joints outside their normal range and counts the rest", () => {
    const joints = [
      { name: "leftElbow", status: "reduced" as const },
      { name: "leftWrist", status: "reduced" as const },
      { name: "spine", status: "normal" as const },
    ];
    expect(describeJointAmplitudes(report([1], joints), "share of body size")).toBe(
      "amplitude (share of body size) of 3 joints against their normal mean ±2 SD: reduced leftElbow, leftWrist; increased none; the other 1 normal.",
    );
    expect(describeJointAmplitudes(report([1], [{ name: "spine", status: "normal" }]), "u")).toBe("amplitude (u) of 1 joint against their normal mean ±2 SD: reduced none; increased none; all normal.");
  });
});
