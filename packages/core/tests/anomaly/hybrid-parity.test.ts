import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WINDOW_FEATURE_NAMES, WindowAnomalyScorer, hybridScores, loadModelCard, windowFeatureMatrix, type HybridScoring, type ModelCard } from "../../src/anomaly";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../../src/pipeline";

/** What training wrote for the golden windows (training/gma_training/train.py, golden_windows). */
interface Golden {
  shape: [number, number, number];
  windowsBase64: string;
  classes: string[];
  ageWeeks: number[];
  reconstructionErrors: number[];
  features: Record<string, number[]>;
  components: number[][];
  scores: number[];
  drivers: string[];
}

// Stated tolerances. Features and the score from the same errors are float64 arithmetic in the
// same order as numpy's (sums of a few terms may be grouped differently): relative 1e-9.
// Through onnxruntime instead of PyTorch, the reconstruction error differs by float32 rounding
// of the network (the card's ONNX check: outputs within 1e-4), so the score within 1e-4.
const ARITHMETIC_REL = 1e-9;
const RUNTIME_ABS = 1e-4;

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe("serving's window score against the trainer's, on the shipped card's golden windows", () => {
  let card: ModelCard;
  let scoring: HybridScoring;
  let golden: Golden;
  let windows: Float32Array;
  let scorer: WindowAnomalyScorer;

  beforeAll(async () => {
    card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
    if (typeof card.scoring !== "object") throw new Error("the shipped card has no hybrid scoring constants");
    scoring = card.scoring;
    golden = JSON.parse(readFileSync(join(DEFAULT_ANOMALY_MODEL_DIR, card.files.scoringGolden ?? "scoring-golden.json"), "utf8")) as Golden;
    const bytes = Buffer.from(golden.windowsBase64, "base64");
    windows = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    // The float32 model, which the card's ONNX check compared with PyTorch.
    scorer = await WindowAnomalyScorer.fromModelCard(card, { variant: "onnx", intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await scorer?.release();
  });

  it("holds a window of every synthetic class", () => {
    expect(golden.shape).toEqual([golden.classes.length, 30, 75]);
    expect(windows.length).toBe(golden.shape[0] * 30 * 75);
    expect(new Set(golden.classes)).toEqual(new Set(["fidgety", "writhing", "absent-fidgety", "cramped-synchronised", "poor-repertoire", "hemi-asymmetry"]));
  });

  it(`computes the five movement features as numpy does (relative difference <= ${ARITHMETIC_REL})`, () => {
    const n = golden.shape[0];
    const f = windowFeatureMatrix(windows, n);
    let worst = 0;
    WINDOW_FEATURE_NAMES.forEach((name, c) => {
      for (let w = 0; w < n; w++) worst = Math.max(worst, relDiff(f[w * WINDOW_FEATURE_NAMES.length + c]!, golden.features[name]![w]!));
    });
    expect(worst).toBeLessThanOrEqual(ARITHMETIC_REL);
  });

  it(`turns the trainer's reconstruction errors into the trainer's parts, scores and drivers (relative difference <= ${ARITHMETIC_REL})`, () => {
    for (let w = 0; w < golden.shape[0]; w++) {
      const one = windows.subarray(w * 2250, (w + 1) * 2250);
      const h = hybridScores(scoring, one, [golden.reconstructionErrors[w]!], 1, golden.ageWeeks[w]!);
      expect(relDiff(h.scores[0]!, golden.scores[w]!), `${golden.classes[w]} score`).toBeLessThanOrEqual(ARITHMETIC_REL);
      golden.components[w]!.forEach((part, c) => expect(relDiff(h.parts[c]!, part), `${golden.classes[w]} part ${c}`).toBeLessThanOrEqual(ARITHMETIC_REL));
      expect(h.components[h.drivers[0]!]).toBe(golden.drivers[w]);
    }
  });

  it(`scores the golden windows through onnxruntime within ${RUNTIME_ABS} of the trainer's PyTorch scores`, async () => {
    for (let w = 0; w < golden.shape[0]; w++) {
      const got = await scorer.scoreWindowsDetailed(windows.subarray(w * 2250, (w + 1) * 2250), 1, undefined, { correctedAgeWeeks: golden.ageWeeks[w]! });
      expect(Math.abs(got.scores[0]! - golden.scores[w]!), `${golden.classes[w]} score`).toBeLessThanOrEqual(RUNTIME_ABS);
      expect(relDiff(got.reconstructionErrors[0]!, golden.reconstructionErrors[w]!), `${golden.classes[w]} error`).toBeLessThanOrEqual(1e-3);
      expect(got.scores[0]! > card.threshold).toBe(golden.scores[w]! > card.threshold);
    }
  });

  it("agreed with the trainer on every test window when the card was written", () => {
    const parity = card.onnxCheck?.scoreParity as { windows: number; maxScoreAbsDiff: number; maxFeatureRelDiff: number; flagDisagreements: number; pass: boolean } | undefined;
    expect(parity?.pass).toBe(true);
    expect(parity!.windows).toBeGreaterThan(1000);
    expect(parity!.maxScoreAbsDiff).toBeLessThanOrEqual(RUNTIME_ABS);
    expect(parity!.maxFeatureRelDiff).toBeLessThanOrEqual(ARITHMETIC_REL);
  });
});
