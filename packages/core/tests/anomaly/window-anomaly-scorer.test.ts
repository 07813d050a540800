import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ModelCardInvalidError, WindowAnomalyScorer, loadAnomalyModel, loadModelCard, windowMovementFeatures, type HybridScoring, type WindowMovementFeatures } from "../../src/anomaly";
import { ModelCache } from "../../src/cache";
import { prepareWindows } from "../../src/skeleton";
import { simulateInfant } from "../../src/synthetic";
import { buildScaleModel, hybridScoringJson, modelCardJson } from "./support/scale-model";

const PER = 30 * 75;

/** Windows of a short simulated fidgety infant: features near the normal references. */
function simulatedWindows(): { windows: Float32Array; count: number } {
  const set = prepareWindows(simulateInfant({ seed: 31, movementClass: "fidgety", durationS: 4 }).sequence, { stride: 10 });
  return { windows: set.windows, count: set.count };
}

/** The card's formula, written out independently of the scorer. */
function expectedScore(scoring: HybridScoring, window: Float32Array, error: number, period: "writhing" | "fidgety"): { score: number; driver: string } {
  const f = windowMovementFeatures(window);
  const rec = scoring.reconstruction[period];
  let best = { score: (Math.log(error) - rec.mean) / rec.std, driver: "reconstruction" };
  for (const k of scoring.components.slice(1) as (keyof WindowMovementFeatures)[]) {
    const ref = scoring.features[k]![period];
    const z = Math.abs((f[k] - ref.mean) / ref.std);
    if (z > best.score) best = { score: z, driver: k };
  }
  return best;
}

function reconstructionError(window: Float32Array, scale: number): number {
  let ss = 0;
  for (let i = 0; i < PER; i++) ss += (Math.fround(window[i]! * scale) - window[i]!) ** 2;
  return ss / PER;
}

describe("WindowAnomalyScorer", () => {
  let dir: string | undefined;
  const scorers: WindowAnomalyScorer[] = [];
  afterEach(async () => {
    await Promise.all(scorers.splice(0).map((s) => s.release()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A schema-2 card over a scale "autoencoder" (reconstruction = windows x scale). */
  async function hybridScorer(scale: number, scoring = hybridScoringJson()): Promise<WindowAnomalyScorer> {
    dir = mkdtempSync(join(tmpdir(), "gma-hybrid-"));
    writeFileSync(join(dir, "m.onnx"), buildScaleModel(scale));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("m.onnx", { schemaVersion: 2, scoring, threshold: scoring.threshold, reconstructionThreshold: 0.001 })));
    const scorer = await WindowAnomalyScorer.fromModelCard(dir, { intraOpNumThreads: 1 });
    scorers.push(scorer);
    return scorer;
  }

  it("scores a schema-2 card's windows as max(r, max |z_k|) against the reference of the infant's period", async () => {
    const scorer = await hybridScorer(0.7);
    expect(scorer.scoreKind).toBe("hybrid-max-z");
    expect(scorer.threshold).toBe(2.75);
    expect(scorer.autoencoder.threshold).toBe(0.001);
    const { windows, count } = simulatedWindows();
    const scoring = scorer.scoring!;
    for (const [age, period] of [[4, "writhing"], [9, "fidgety"], [26, "fidgety"]] as const) {
      const got = await scorer.scoreWindowsDetailed(windows, count, undefined, { correctedAgeWeeks: age });
      expect(got.components).toEqual(scoring.components);
      for (let w = 0; w < count; w++) {
        const window = windows.subarray(w * PER, (w + 1) * PER);
        const error = reconstructionError(window, 0.7);
        expect(got.reconstructionErrors[w]).toBeCloseTo(error, 9);
        const want = expectedScore(scoring, window, got.reconstructionErrors[w]!, period);
        expect(got.scores[w], `window ${w} at ${age} weeks`).toBeCloseTo(want.score, 5);
        expect(got.components[got.drivers[w]!]).toBe(want.driver);
      }
    }
    const writhing = await scorer.scoreWindows(windows, count, undefined, { correctedAgeWeeks: 4 });
    const fidgety = await scorer.scoreWindows(windows, count, undefined, { correctedAgeWeeks: 12 });
    expect(Array.from(writhing)).not.toEqual(Array.from(fidgety));
  });

  it("lets a reconstruction far from normal set the score, and leaves it to the features when the reconstruction is perfect", async () => {
    const { windows, count } = simulatedWindows();
    const flipped = await hybridScorer(-1);
    const far = await flipped.scoreWindowsDetailed(windows, count, undefined, { correctedAgeWeeks: 12 });
    expect(Array.from(far.drivers).every((d) => d === 0)).toBe(true);
    await flipped.release();
    const exact = await hybridScorer(1);
    const perfect = await exact.scoreWindowsDetailed(windows, count, undefined, { correctedAgeWeeks: 12 });
    // ln(0) is -Infinity: the one-sided reconstruction part never raises the score for a window reconstructed well.
    expect(Array.from(perfect.drivers).every((d) => d > 0)).toBe(true);
    expect(Array.from(perfect.scores).every(Number.isFinite)).toBe(true);
  });

  it("needs the infant's corrected age for a hybrid score, and fails before running the model without it", async () => {
    const scorer = await hybridScorer(0.7);
    const { windows, count } = simulatedWindows();
    await expect(scorer.scoreWindows(windows, count)).rejects.toThrow(/corrected age/);
    await expect(scorer.scoreWindows(windows, count, undefined, { correctedAgeWeeks: Number.NaN })).rejects.toThrow(/corrected age/);
  });

  it("serves a schema-1 card's reconstruction error as the score", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-hybrid-"));
    writeFileSync(join(dir, "m.onnx"), buildScaleModel(0.5));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("m.onnx")));
    const scorer = await WindowAnomalyScorer.fromModelCard(dir);
    scorers.push(scorer);
    expect(scorer.scoreKind).toBe("reconstruction-error");
    expect(scorer.threshold).toBe(0.01);
    const windows = new Float32Array(PER).fill(0.2);
    const got = await scorer.scoreWindowsDetailed(windows, 1);
    expect(got.scores[0]).toBeCloseTo(0.01, 7);
    expect(got.components).toEqual(["reconstruction"]);
  });

  it("is what loadAnomalyModel loads, once per card through the model cache", async () => {
    await hybridScorer(0.7);
    const cache = new ModelCache<WindowAnomalyScorer>({ register: false });
    try {
      const [a, b] = await Promise.all([loadAnomalyModel(dir!, { modelCache: cache }), loadAnomalyModel(dir!, { modelCache: cache })]);
      expect(a).toBe(b);
      expect(a).toBeInstanceOf(WindowAnomalyScorer);
      expect(a.scoreKind).toBe("hybrid-max-z");
    } finally {
      await cache.dispose();
    }
  });

  it("refuses a card whose scoring it cannot compute, or whose threshold contradicts it, with MODEL_CARD_INVALID", () => {
    dir = mkdtempSync(join(tmpdir(), "gma-hybrid-"));
    const write = (over: Record<string, unknown>): void => writeFileSync(join(dir!, "model-card.json"), JSON.stringify(modelCardJson("m.onnx", { schemaVersion: 2, threshold: 2.75, ...over })));
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["an unknown kind", { scoring: hybridScoringJson({ kind: "mahalanobis" }) }, /kind/],
      ["an unknown feature", { scoring: hybridScoringJson({ components: ["reconstruction", "jerk"] }) }, /components/],
      ["a zero std", { scoring: hybridScoringJson({ reconstruction: { writhing: { mean: -6, std: 0 }, fidgety: { mean: -7, std: 0.4 } } }) }, /std/],
      ["a threshold unlike the scoring's", { scoring: hybridScoringJson(), threshold: 3 }, /differs from scoring.threshold/],
    ];
    for (const [what, over, message] of cases) {
      write(over);
      let error: unknown;
      try {
        loadModelCard(dir);
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(ModelCardInvalidError);
      expect(String((error as Error).message), what).toMatch(message);
    }
  });
});
