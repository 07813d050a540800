import { describe, expect, it } from "vitest";
import { anomalousRanges, flaggedBySummary, fromSyntheticModel, qualityCheckView, readReport, scoreLabel, timelinePoints } from "@/lib/report";

/** The parts of a 1.x report readReport checks, with a timeline of the given flags. */
function report(anomalous: boolean[], schemaVersion = "1.0.0") {
  return {
    schemaVersion,
    input: { fps: 10, windowSize: 30, windowCount: anomalous.length },
    timeline: {
      threshold: 1,
      startTimesS: anomalous.map((_, i) => i * 1.5),
      errors: anomalous.map((a) => (a ? 2 : 0.5)),
      anomalous,
      maxError: 2,
      meanError: 1,
      anomalousCount: anomalous.filter(Boolean).length,
    },
    risk: {},
    findings: {},
    asymmetry: {},
    quality: {},
    assessment: {},
    age: {},
    model: {},
  };
}

describe("readReport", () => {
  it("accepts a 1.x report and refuses other versions and malformed timelines", () => {
    expect(readReport(report([false, true]))).not.toBeNull();
    expect(readReport(report([false], "2.0.0"))).toBeNull();
    const broken = report([false, true]);
    broken.timeline.errors.pop();
    expect(readReport(broken)).toBeNull();
    expect(readReport(null)).toBeNull();
  });
});

describe("fromSyntheticModel", () => {
  it("is true only when the report says its model saw synthetic data only (1.2.0 on)", () => {
    const withData = (trainingData: unknown) => readReport({ ...report([false], "1.2.0"), model: { version: "m", threshold: 1, trainingData } })!;
    expect(fromSyntheticModel(withData({ synthetic: true, note: null }))).toBe(true);
    expect(fromSyntheticModel(withData({ synthetic: false, note: null }))).toBe(false);
    expect(fromSyntheticModel(withData(undefined))).toBe(false);
    expect(fromSyntheticModel(readReport(report([false], "1.1.0"))!)).toBe(false);
  });
});

describe("anomalousRanges", () => {
  it("merges overlapping anomalous windows into one shaded range and keeps separate runs apart", () => {
    const view = readReport(report([true, true, false, false, false, true]))!;
    // Windows last 3 s (30 frames at 10 fps) and start every 1.5 s.
    expect(anomalousRanges(view)).toEqual([
      { from: 0, to: 4.5 },
      { from: 7.5, to: 10.5 },
    ]);
    expect(timelinePoints(view)[1]).toEqual({ start: 1.5, end: 4.5, error: 2, anomalous: true });
  });
});

describe("scoreLabel and flaggedBySummary", () => {
  it("names the hybrid score of 1.1.0 reports and the reconstruction error of 1.0.0 ones", () => {
    const old = readReport(report([false, true]))!;
    expect(scoreLabel(old).title).toBe("Error timeline");
    expect(flaggedBySummary(old)).toBeNull();

    const hybrid = readReport({ ...report([true, true, false], "1.1.0"), timeline: { ...report([true, true, false]).timeline, scoreKind: "hybrid-max-z", flaggedBy: { reconstruction: 1, amplitude: 3, spectralPeakShare: 0 } } })!;
    expect(scoreLabel(hybrid)).toEqual({ title: "Anomaly score timeline", series: "anomaly score (SD from normal)" });
    expect(flaggedBySummary(hybrid)).toBe("amplitude 3, reconstruction 1");
  });
});

describe("qualityCheckView", () => {
  it("names each quality criterion in words and writes its value and minimum with units", () => {
    expect(qualityCheckView({ criterion: "validPoseShare", value: 0.983, minimum: 0.6 })).toEqual({ label: "frames with a pose", value: `${(98.3).toLocaleString()} %`, minimum: "60 %" });
    expect(qualityCheckView({ criterion: "inFrameShare", value: 1, minimum: 0.6 })).toEqual({ label: "frames with the whole body in view", value: "100 %", minimum: "60 %" });
    expect(qualityCheckView({ criterion: "durationS", value: 30, minimum: 10 })).toEqual({ label: "duration", value: "30 s", minimum: "10 s" });
    expect(qualityCheckView({ criterion: "fps", value: 25, minimum: 10 })).toEqual({ label: "frame rate", value: "25 fps", minimum: "10 fps" });
    expect(qualityCheckView({ criterion: "windows", value: 721, minimum: 1 })).toEqual({ label: "analysis windows", value: "721", minimum: "1" });
  });

  it("keeps the report's own name and a bare number for a criterion it does not know", () => {
    expect(qualityCheckView({ criterion: "lightLevel", value: 0.51234, minimum: 0.2 })).toEqual({ label: "lightLevel", value: (0.512).toLocaleString(), minimum: (0.2).toLocaleString() });
  });
});
