import { describe, expect, it } from "vitest";
import { ageView, anomalousRanges, flaggedBySummary, fromSyntheticModel, qualityCheckView, readReport, recordingLabel, scoreLabel, timelinePoints } from "@/lib/report";

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
    // In words, as the HTML report names them, never the score's ids.
    expect(flaggedBySummary(hybrid)).toBe("amount of movement 3, reconstruction error 1");
    const crossLimb = readReport({ ...report([true], "1.1.0"), timeline: { ...report([true]).timeline, flaggedBy: { crossLimbCorrelation: 721 } } })!;
    expect(flaggedBySummary(crossLimb)).toBe("cross-limb correlation 721");
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

describe("ageView", () => {
  const age = (ageWeeks: number, correctedAgeWeeks: number, period: string, gestationalAgeWeeks: number | null = null) => ({
    ageWeeks,
    gestationalAgeWeeks,
    correctedAgeWeeks,
    corrected: correctedAgeWeeks !== ageWeeks,
    period,
  });

  it("names the period in words, a preterm age as weeks before term age and never a negative age", () => {
    expect(ageView(age(12, 12, "fidgety"))).toEqual({ period: "fidgety period", correctedAge: "12 wk", correctedNote: "post-term" });
    expect(ageView(age(14, 8, "writhing", 34))).toEqual({ period: "writhing period", correctedAge: "8 wk", correctedNote: "corrected for prematurity" });
    expect(ageView(age(2, -14, "writhing", 24))).toEqual({ period: "preterm: 14 weeks before term age", correctedAge: "14 wk before term", correctedNote: "preterm, corrected for prematurity" });
  });

  it("says an age past 20 weeks is beyond the GMA's window, not 'beyond period'", () => {
    expect(ageView(age(30, 30, "beyond")).period).toBe("beyond the GMA age window (over 20 weeks corrected age)");
  });
});

describe("recordingLabel", () => {
  it("names the recording by its file name beside the fingerprint when the report knows it (1.5.0 on), else by the fingerprint", () => {
    const base = readReport(report([false], "1.5.0"))!;
    expect(recordingLabel({ ...base, input: { ...base.input, fingerprint: "ab12" } })).toBe("recording ab12");
    expect(recordingLabel({ ...base, input: { ...base.input, fingerprint: "ab12", fileName: "hemi.json" } })).toBe("recording hemi.json (fingerprint ab12)");
    expect(recordingLabel({ ...base, input: { ...base.input, fingerprint: null } })).toBe("recording without fingerprint");
  });
});
