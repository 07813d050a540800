import { describe, expect, it } from "vitest";
import { classRows, formatInterval, formatRate, goalStatement, riskLevelBars, type RecordingLevel, type WindowLevel } from "@/lib/model-evaluation";

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
});
