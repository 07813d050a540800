import { RISK_RULE_MEASURES } from "@gma/core/report-signs";
import { describe, expect, it } from "vitest";
import { formatNumber } from "@/lib/format";
import {
  classRows,
  formatInterval,
  formatRate,
  formatSmallNumber,
  goalStatement,
  misratedSigns,
  riskLevelBars,
  weightsVariantRows,
  type RecordingLevel,
  type WindowLevel,
} from "@/lib/model-evaluation";
import { weightsVariants } from "../support/weights-variants";

const interval = (low: number, high: number) => ({ low, high });

function windowLevel(overrides: Partial<WindowLevel> = {}): WindowLevel {
  return {
    specificity: 0.94,
    specificityInterval95: interval(0.918, 0.958),
    specificityIntervalRule: null,
    normalTestWindows: 1900,
    normalTestInfants: 40,
    minAuroc: 0.98,
    meanAuroc: 0.99,
    goal: "AUROC >= 0.95 and specificity >= 0.95",
    goalMet: false,
    classes: [{ name: "poor-repertoire", auroc: 0.987, sensitivity: 0.95, recordingAuroc: 1 }],
    ...overrides,
  };
}

function recordingLevel(): RecordingLevel {
  const rate = (rated: number) => ({ recordings: 30, rated, rate: rated / 30, interval95: interval(0.8, 1) });
  return {
    recordingsPerClass: 30,
    durationS: 20,
    note: null,
    intervalRule: null,
    specificity: rate(29),
    sensitivity: rate(29),
    classes: [
      { name: "fidgety", label: "NORMAL", recordings: 30, low: 29, medium: 0, high: 1, correctRate: 29 / 30, correctInterval95: interval(0.83, 0.99) },
      { name: "poor-repertoire", label: "ANOMALY", recordings: 30, low: 1, medium: 4, high: 25, correctRate: 29 / 30, correctInterval95: interval(0.83, 0.99) },
    ],
    misrated: [],
  };
}

describe("model evaluation view", () => {
  it("formats rates and intervals as percentages and missing ones as a dash", () => {
    expect(formatRate(0.98333)).toBe("98.3 %");
    expect(formatRate(null)).toBe("—");
    expect(formatInterval(interval(0.9114, 0.9971))).toBe("91.1–99.7 %");
    expect(formatInterval(null)).toBe("—");
  });

  it("joins each class's window figures to its recording figures, counting medium and high as correct for anomalies", () => {
    const rows = classRows(windowLevel(), recordingLevel());
    expect(rows.map((r) => r.name)).toEqual(["fidgety", "poor-repertoire"]);
    expect(rows[0]).toMatchObject({ expected: "low", auroc: null, recording: { rated: 29, recordings: 30 } });
    expect(rows[1]).toMatchObject({ expected: "medium or high", auroc: 0.987, recordingAuroc: 1, recording: { rated: 29, recordings: 30, interval: { low: 0.83, high: 0.99 } } });
  });

  it("keeps the window-level classes when the card has no recording level", () => {
    expect(classRows(windowLevel(), null)).toEqual([{ name: "poor-repertoire", expected: null, auroc: 0.987, sensitivity: 0.95, recordingAuroc: 1, recording: null }]);
    expect(classRows(null, null)).toEqual([]);
  });

  it("stacks each class's recordings by the level they were rated", () => {
    expect(riskLevelBars(recordingLevel())).toEqual([
      { name: "fidgety", low: 29, medium: 0, high: 1 },
      { name: "poor-repertoire", low: 1, medium: 4, high: 25 },
    ]);
  });

  it("states plainly whether the goal is met, and when the card does not say", () => {
    expect(goalStatement(windowLevel())).toBe("The training goal (AUROC >= 0.95 and specificity >= 0.95) is NOT met.");
    expect(goalStatement(windowLevel({ goalMet: true }))).toBe("The training goal (AUROC >= 0.95 and specificity >= 0.95) is met.");
    expect(goalStatement(windowLevel({ goalMet: null }))).toMatch(/does not say whether it is met/);
  });

  it("writes small differences in exponential notation with one decimal, zero as 0 and a missing one as a dash", () => {
    expect(formatSmallNumber(0.011340528726577759)).toBe("1.1e-2");
    expect(formatSmallNumber(9.298865538687195e-7)).toBe("9.3e-7");
    expect(formatSmallNumber(0)).toBe("0");
    expect(formatSmallNumber(null)).toBe("—");
    expect(formatSmallNumber(Number.NaN)).toBe("—");
  });

  it("gives one weights file row per variant in card order, the float32 file's own deltas as a dash", () => {
    const rows = weightsVariantRows(weightsVariants());
    expect(rows.map((r) => [r.file, r.served])).toEqual([
      ["autoencoder.onnx", false],
      ["autoencoder.fp16.onnx", true],
      ["autoencoder.int8.onnx", false],
    ]);
    expect(rows[0]).toMatchObject({ name: "fp32", maxAurocDelta: "—", batchDependence: "0", flagDisagreements: "0", specificity: "94.0 %" });
    expect(rows[2]).toEqual({
      name: "int8-dynamic",
      file: "autoencoder.int8.onnx",
      sizeKiB: formatNumber(198.59, 1),
      windowsPerSBatch1: formatNumber(2328.6, 0),
      windowsPerSBatch64: formatNumber(6704.9, 0),
      maxAurocDelta: "1.3e-4",
      specificity: "94.0 %",
      flagDisagreements: "0",
      batchDependence: "1.1e-2",
      served: false,
    });
  });

  it("shows the figures an older card lacks as a dash", () => {
    const [old] = weightsVariantRows([{ ...weightsVariants()[0]!, windowsPerSBatch1: null, specificity: null, flagDisagreements: null, batchDependence: null }]);
    expect(old).toMatchObject({ windowsPerSBatch1: "—", specificity: "—", flagDisagreements: "—", batchDependence: "—" });
  });
});

describe("the signs of a misrated recording", () => {
  it("keeps the strongest rule of each measure, in the card's order, in words instead of rule ids", () => {
    // As the shipped card lists a normal recording rated high: both anomaly-rate rules fired.
    const signs = misratedSigns(["anomaly-rate-high", "anomaly-rate-elevated", "mean-error-above-threshold"]);
    expect(signs.map((s) => s.id)).toEqual(["anomaly-rate-high", "mean-error-above-threshold"]);
    expect(signs.map((s) => s.words)).toEqual(["high share of anomalous windows", "mean window score above the threshold"]);
  });

  it("has words for every rule of the risk policy, none of them its id", () => {
    for (const id of Object.keys(RISK_RULE_MEASURES)) {
      const [sign] = misratedSigns([id]);
      expect(sign?.words, id).not.toBe(id);
      expect(sign?.words, id).toMatch(/^[a-z][a-z /-]+$/);
    }
  });

  it("shows a rule it does not know (a newer card's) by its id rather than dropping it", () => {
    expect(misratedSigns(["anomaly-rate-elevated", "gait-irregular"])).toEqual([
      { id: "anomaly-rate-elevated", words: "raised share of anomalous windows" },
      { id: "gait-irregular", words: "gait-irregular" },
    ]);
  });
});
