import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ModelCardInvalidError, loadModelCard, modelEvaluation } from "../../src/anomaly";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../../src/pipeline";
import { modelCardJson } from "./support/scale-model";

/** A recording-level evaluation as `training/evaluate-recordings.ts` writes it, two classes. */
function recordingRiskJson(): Record<string, unknown> {
  const correct = (rate: number) => ({ rate, interval95: [Math.max(0, rate - 0.1), Math.min(1, rate + 0.05)] });
  return {
    synthetic: true,
    level: "recording",
    note: "fresh SYNTHETIC recordings",
    recordingsPerClass: 10,
    durationS: 20,
    specificity: { recordings: 10, ratedLow: 9, ...correct(0.9) },
    sensitivity: { recordings: 10, ratedMediumOrHigh: 10, ...correct(1) },
    perClass: {
      fidgety: { label: "normal", recordings: 10, low: 9, medium: 0, high: 1, correct: correct(0.9), misrated: [{ seed: 7, level: "high", anomalyRatePercent: 61.5, signs: ["anomaly-rate-high"] }] },
      "poor-repertoire": { label: "anomaly", recordings: 10, low: 0, medium: 2, high: 8, correct: correct(1), misrated: [] },
    },
    intervalRule: "Wilson score interval, 95 %",
  };
}

describe("modelEvaluation", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** Writes `json` as a card in a fresh folder and loads it as serving does. */
  function cardOf(json: Record<string, unknown>) {
    dir = mkdtempSync(join(tmpdir(), "gma-evaluation-"));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(json));
    return loadModelCard(dir);
  }

  it("reads the shipped card's window- and recording-level figures as the card states them, marked synthetic", () => {
    const raw = JSON.parse(readFileSync(join(DEFAULT_ANOMALY_MODEL_DIR, "model-card.json"), "utf8"));
    const evaluation = modelEvaluation(loadModelCard(DEFAULT_ANOMALY_MODEL_DIR));

    expect(evaluation.synthetic).toBe(true);
    expect(evaluation.dataWarning).toMatch(/SYNTHETIC/);
    expect(evaluation.modelVersion).toBe(raw.modelVersion);
    expect(evaluation.servedFile).toBe(raw.files.served ?? raw.files.onnx);
    expect(evaluation.threshold).toBe(raw.threshold);
    expect(evaluation.scoreKind).toBe(raw.scoring.kind);

    const window = evaluation.windowLevel!;
    expect(window.specificity).toBe(raw.metrics.summary.specificity);
    expect(window.specificityInterval95).toEqual(raw.metrics.summary.specificityInterval95);
    expect(window.goalMet).toBe(raw.metrics.summary.goalMet);
    expect(window.goal).toBe(raw.metrics.summary.goal);
    expect(window.classes.map((c) => c.name)).toEqual(Object.keys(raw.metrics.perClass));
    expect(window.classes[0]).toEqual({
      name: Object.keys(raw.metrics.perClass)[0],
      auroc: Object.values<{ auroc: number }>(raw.metrics.perClass)[0]!.auroc,
      sensitivity: Object.values<{ sensitivity: number }>(raw.metrics.perClass)[0]!.sensitivity,
      recordingAuroc: Object.values<{ recordingAuroc: number }>(raw.metrics.perClass)[0]!.recordingAuroc,
    });

    const risk = raw.metrics.recordingRisk;
    const recording = evaluation.recordingLevel!;
    expect(recording.windowSpecificity).toEqual({
      windows: risk.windowSpecificity.windows,
      anomalous: risk.windowSpecificity.anomalous,
      rate: risk.windowSpecificity.rate,
      interval95: risk.windowSpecificity.interval95,
    });
    expect(recording.specificity).toEqual({ recordings: risk.specificity.recordings, rated: risk.specificity.ratedLow, rate: risk.specificity.rate, interval95: risk.specificity.interval95 });
    expect(recording.sensitivity.rated).toBe(risk.sensitivity.ratedMediumOrHigh);
    expect(recording.classes.map((c) => c.name)).toEqual(Object.keys(risk.perClass));
    for (const c of recording.classes) expect(c.low + c.medium + c.high, c.name).toBe(c.recordings);
    expect(recording.misrated).toHaveLength(Object.values<{ misrated: unknown[] }>(risk.perClass).reduce((n, c) => n + c.misrated.length, 0));
  });

  it("returns every part of a complete card, with the misrated recordings named by class", () => {
    const card = cardOf(
      modelCardJson("m.onnx", {
        data: { synthetic: true, warning: "SYNTHETIC only" },
        metrics: {
          summary: { specificity: 0.94, specificityInterval95: [0.92, 0.96], minAuroc: 0.98, meanAuroc: 0.99, goal: "AUROC >= 0.95", goalMet: false },
          perClass: { "poor-repertoire": { auroc: 0.98, sensitivity: 0.95, specificity: 0.94, recordingAuroc: 1 } },
          recordingRisk: recordingRiskJson(),
        },
        limitations: ["Synthetic data only."],
      }),
    );
    const evaluation = modelEvaluation(card);

    expect(evaluation).toMatchObject({ modelVersion: "test-scale@000000000001", name: "test-scale", servedFile: "m.onnx", scoreKind: "reconstruction-error", threshold: 0.01, synthetic: true, dataWarning: "SYNTHETIC only", limitations: ["Synthetic data only."] });
    expect(evaluation.windowLevel).toMatchObject({ specificity: 0.94, specificityInterval95: [0.92, 0.96], goalMet: false, classes: [{ name: "poor-repertoire", auroc: 0.98, sensitivity: 0.95, recordingAuroc: 1 }] });
    expect(evaluation.recordingLevel?.classes[1]).toEqual({ name: "poor-repertoire", label: "anomaly", recordings: 10, low: 0, medium: 2, high: 8, correctRate: 1, correctInterval95: [0.9, 1] });
    expect(evaluation.recordingLevel?.misrated).toEqual([{ className: "fidgety", seed: 7, level: "high", anomalyRatePercent: 61.5, signs: ["anomaly-rate-high"] }]);
  });

  it("gives null for a card without metrics, data or limitations instead of failing", () => {
    const evaluation = modelEvaluation(cardOf(modelCardJson("m.onnx", { metrics: undefined })));
    expect(evaluation.windowLevel).toBeNull();
    expect(evaluation.recordingLevel).toBeNull();
    expect(evaluation.limitations).toBeNull();
    expect(evaluation.synthetic).toBe(false);
  });

  it("gives a null recording level for an older card without recordingRisk and keeps its window level", () => {
    const evaluation = modelEvaluation(cardOf(modelCardJson("m.onnx")));
    expect(evaluation.recordingLevel).toBeNull();
    expect(evaluation.windowLevel).toMatchObject({ specificity: 0.95, specificityInterval95: null, goalMet: null, classes: [{ name: "absent_fidgety", auroc: 0.97, recordingAuroc: null }] });
  });

  it("refuses a malformed recordingRisk with ModelCardInvalidError naming the field", () => {
    const risk = recordingRiskJson();
    (risk.perClass as Record<string, { correct: { rate: unknown } }>).fidgety!.correct.rate = "most";
    const card = cardOf(modelCardJson("m.onnx", { metrics: { summary: {}, recordingRisk: risk } }));
    expect(() => modelEvaluation(card)).toThrow(ModelCardInvalidError);
    expect(() => modelEvaluation(card)).toThrow(/metrics\.recordingRisk\.perClass\.fidgety\.correct\.rate/);
  });

  it("refuses a recordingRisk without its sensitivity and an interval whose ends are swapped", () => {
    const { sensitivity: _, ...withoutSensitivity } = recordingRiskJson();
    expect(() => modelEvaluation(cardOf(modelCardJson("m.onnx", { metrics: { recordingRisk: withoutSensitivity } })))).toThrow(/metrics\.recordingRisk\.sensitivity/);
    expect(() => modelEvaluation(cardOf(modelCardJson("m.onnx", { metrics: { summary: { specificityInterval95: [0.96, 0.92] } } })))).toThrow(
      /metrics\.summary\.specificityInterval95/,
    );
  });

  it("lists the shipped card's weights files in card order with only the fp16 file served and the int8 file's outputs moving with its batch", () => {
    const raw = JSON.parse(readFileSync(join(DEFAULT_ANOMALY_MODEL_DIR, "model-card.json"), "utf8"));
    const evaluation = modelEvaluation(loadModelCard(DEFAULT_ANOMALY_MODEL_DIR));
    const variants = evaluation.variants!;

    expect(variants.map((v) => v.file)).toEqual(raw.onnxCheck.variants.map((v: { file: string }) => v.file));
    expect(variants.filter((v) => v.served).map((v) => v.file)).toEqual(["autoencoder.fp16.onnx"]);
    expect(variants.find((v) => v.file === "autoencoder.int8.onnx")!.batchDependence).toBeGreaterThan(1e-4);
    for (const file of ["autoencoder.onnx", "autoencoder.fp16.onnx"]) expect(variants.find((v) => v.file === file)!.batchDependence, file).toBe(0);
    expect(variants[0]).toMatchObject({ name: "fp32", maxAurocDelta: null, specificityDelta: null, maxSensitivityDelta: null, flagDisagreements: 0 });
    expect(variants[1]!.windowsPerSBatch64).toBe(raw.onnxCheck.variants[1].windowsPerS);
    expect(variants[1]!.windowsPerSBatch1).toBe(raw.onnxCheck.variants[1].windowsPerSBatch1);
    expect(evaluation.servedReason).toBe(raw.onnxCheck.servedReason);
  });

  it("gives null variants and a null served reason for a card without onnxCheck", () => {
    const evaluation = modelEvaluation(cardOf(modelCardJson("m.onnx")));
    expect(evaluation.variants).toBeNull();
    expect(evaluation.servedReason).toBeNull();
  });

  it("reads an older card's variants without the newer fields as nulls, serving files.onnx when files.served is absent", () => {
    const old = { perClassAuroc: { poor: 0.98 }, minAuroc: 0.98, meanAuroc: 0.98 };
    const card = cardOf(
      modelCardJson("m.onnx", {
        onnxCheck: {
          variants: [
            { name: "fp32", file: "m.onnx", sizeKiB: 600, windowsPerS: 7000, maxAurocDelta: null, ...old },
            { name: "int8-dynamic", file: "m.int8.onnx", sizeKiB: 200, windowsPerS: 9000, maxAurocDelta: 0.0002, ...old },
          ],
        },
      }),
    );
    const evaluation = modelEvaluation(card);
    expect(evaluation.servedReason).toBeNull();
    expect(evaluation.variants).toEqual([
      { name: "fp32", file: "m.onnx", sizeKiB: 600, windowsPerSBatch1: null, windowsPerSBatch64: 7000, minAuroc: 0.98, maxAurocDelta: null, specificity: null, specificityDelta: null, maxSensitivityDelta: null, flagDisagreements: null, batchDependence: null, served: true },
      { name: "int8-dynamic", file: "m.int8.onnx", sizeKiB: 200, windowsPerSBatch1: null, windowsPerSBatch64: 9000, minAuroc: 0.98, maxAurocDelta: 0.0002, specificity: null, specificityDelta: null, maxSensitivityDelta: null, flagDisagreements: null, batchDependence: null, served: false },
    ]);
  });

  it("refuses malformed variants with MODEL_CARD_INVALID naming onnxCheck.variants", () => {
    const card = cardOf(modelCardJson("m.onnx", { onnxCheck: { variants: [{ name: "fp32", file: "m.onnx", sizeKiB: "600" }] } }));
    expect(() => modelEvaluation(card)).toThrow(expect.objectContaining({ code: ModelCardInvalidError.CODE, message: expect.stringMatching(/onnxCheck\.variants\.0\.sizeKiB/) }));
  });

  it("refuses limitations that are not a list of sentences", () => {
    expect(() => modelEvaluation(cardOf(modelCardJson("m.onnx", { limitations: "none" })))).toThrow(/malformed limitations/);
  });
});
