import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { prepareWindows } from "../../src/skeleton";
import { simulateInfant } from "../../src/synthetic";

const DIR = fileURLToPath(new URL("../../models/anomaly/", import.meta.url));
const CARD = `${DIR}model-card.json`;

describe.skipIf(!existsSync(CARD))("the shipped anomaly model", () => {
  const card = existsSync(CARD) ? JSON.parse(readFileSync(CARD, "utf8")) : undefined;

  it("is the file its model card describes, checked against PyTorch and labelled synthetic", () => {
    expect(createHash("sha256").update(readFileSync(`${DIR}${card.files.onnx}`)).digest("hex")).toBe(card.sha256);
    expect(existsSync(`${DIR}${card.files.served}`)).toBe(true);
    expect(card.onnxCheck.pass).toBe(true);
    expect(card.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(card.data.synthetic).toBe(true);
    expect(card.windowSize).toBe(30);
    expect(card.fps).toBe(25);
    expect(Object.keys(card.metrics.perClass).sort()).toEqual(["absent-fidgety", "cramped-synchronised", "hemi-asymmetry", "poor-repertoire"]);
    // Regression guard, below the 0.95 goal: windows cluster by infant (tracking noise differs per
    // infant), so the specificity on ~40 test infants scatters around the 95th-percentile rule.
    expect(card.metrics.summary.specificity).toBeGreaterThanOrEqual(0.85);
  });

  it("flags only a small share of a freshly simulated normal recording's windows at its threshold", async () => {
    const session = await ort.InferenceSession.create(`${DIR}${card.files.served}`, { extra: { session: { set_denormal_as_zero: "1" } } });
    const sim = simulateInfant({ seed: 777_001, movementClass: "fidgety", durationS: 12 });
    const set = prepareWindows(sim.sequence, { stride: 3 });
    const out = await session.run({ windows: new ort.Tensor("float32", set.windows.slice(0, set.count * 2250), [set.count, 30, 75]) });
    const y = out.reconstruction!.data as Float32Array;
    let flagged = 0;
    for (let w = 0; w < set.count; w++) {
      let e = 0;
      for (let k = 0; k < 2250; k++) e += (y[w * 2250 + k]! - set.windows[w * 2250 + k]!) ** 2;
      if (e / 2250 > card.threshold) flagged++;
    }
    expect(set.count).toBeGreaterThan(50);
    expect(flagged / set.count).toBeLessThan(0.3);
    await session.release();
  });
});
