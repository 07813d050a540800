import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_POLICY } from "../../src/analysis";
import { prepareWindows } from "../../src/skeleton";
import { MOVEMENT_CLASS_NAMES, simulateInfant } from "../../src/synthetic";

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
    // Its limitations, in the JSON (for the dashboard) and the Markdown alike.
    const markdown = readFileSync(`${DIR}model-card.md`, "utf8");
    expect(card.limitations.length).toBeGreaterThan(0);
    for (const item of card.limitations) expect(markdown).toContain(`- ${item}`);
    expect(card.limitations.join(" ")).toMatch(/Synthetic data only/);
  });

  it("records a hybrid score whose test figures clear the floor (AUROC >= 0.9 per class, specificity >= 0.9) and states the goal honestly", () => {
    expect(card.schemaVersion).toBe(2);
    expect(card.scoring.kind).toBe("hybrid-max-z");
    expect(card.threshold).toBe(card.scoring.threshold);
    const { summary, perClass } = card.metrics as {
      summary: { specificity: number; minAuroc: number; goalMet: boolean; autoencoderOnly: { specificity: number } };
      perClass: Record<string, { auroc: number; sensitivity: number; specificity: number; autoencoderOnly: { auroc: number } }>;
    };
    // Regression guard, below the 0.95 goal: windows cluster by infant (tracking noise and style
    // differ per infant), so the specificity on ~40 test infants scatters around the
    // 95th-percentile rule.
    expect(summary.specificity).toBeGreaterThanOrEqual(0.9);
    for (const [name, c] of Object.entries(perClass)) {
      expect(c.auroc, name).toBeGreaterThanOrEqual(0.9);
      expect(c.specificity, name).toBe(summary.specificity);
      // The autoencoder-alone figures stay in the card for comparison.
      expect(c.autoencoderOnly.auroc, name).toBeGreaterThanOrEqual(0);
    }
    expect(summary.minAuroc).toBe(Math.min(...Object.values(perClass).map((c) => c.auroc)));
    expect(summary.goalMet).toBe(summary.minAuroc >= 0.95 && summary.specificity >= 0.95);
    const markdown = readFileSync(`${DIR}model-card.md`, "utf8");
    expect(markdown).toContain(summary.goalMet ? "— **met**" : "— **not met**");
    // The card explains the risk policy's rate rules with the numbers the policy really uses.
    expect(markdown).toContain(`medium above ${DEFAULT_RISK_POLICY.mediumAnomalyRatePercent} % of windows, high above ${DEFAULT_RISK_POLICY.highAnomalyRatePercent} %`);
  });

  it("carries a recording-level evaluation made under the risk policy serving applies today", () => {
    const rec = card.metrics.recordingRisk as {
      synthetic: boolean;
      riskPolicy: Record<string, number | string | boolean>;
      specificity: { recordings: number; ratedLow: number; rate: number };
      sensitivity: { recordings: number; ratedMediumOrHigh: number; rate: number };
      perClass: Record<string, { label: string; recordings: number; low: number; medium: number; high: number; misrated: unknown[] }>;
    };
    expect(rec.synthetic).toBe(true);
    // A change to the default policy makes these figures stale: rerun training/evaluate-recordings.ts.
    const policy = Object.fromEntries(Object.entries(DEFAULT_RISK_POLICY).map(([k, v]) => [k, v === Infinity ? "off" : v]));
    expect(rec.riskPolicy).toEqual(policy);
    let normal = 0;
    let normalLow = 0;
    let anomalous = 0;
    let anomalousRated = 0;
    for (const [name, c] of Object.entries(rec.perClass)) {
      expect(c.low + c.medium + c.high, name).toBe(c.recordings);
      if (c.label === "normal") {
        normal += c.recordings;
        normalLow += c.low;
        expect(c.misrated, name).toHaveLength(c.recordings - c.low);
      } else {
        anomalous += c.recordings;
        anomalousRated += c.recordings - c.low;
        expect(c.misrated, name).toHaveLength(c.low);
      }
    }
    expect([rec.specificity.recordings, rec.specificity.ratedLow]).toEqual([normal, normalLow]);
    expect([rec.sensitivity.recordings, rec.sensitivity.ratedMediumOrHigh]).toEqual([anomalous, anomalousRated]);
    const ws = (card.metrics.recordingRisk as { windowSpecificity: { windows: number; anomalous: number; rate: number; interval95: [number, number] } }).windowSpecificity;
    expect(ws.rate).toBeCloseTo(1 - ws.anomalous / ws.windows, 4);
    expect(ws.interval95[0]).toBeLessThanOrEqual(ws.rate);
    expect(ws.interval95[1]).toBeGreaterThanOrEqual(ws.rate);
    // Regression floor for the shipped model (figures on synthetic recordings).
    expect(rec.specificity.rate).toBeGreaterThanOrEqual(0.9);
    expect(rec.sensitivity.rate).toBeGreaterThanOrEqual(0.9);
  });

  it("serves a compressed variant only when the card shows it rates the test windows as float32 does, whatever windows share its batch", () => {
    type Variant = { file: string; maxAurocDelta: number | null; specificityDelta: number | null; maxSensitivityDelta: number | null; batchDependence: number };
    const variants = card.onnxCheck.variants as Variant[];
    expect(variants.map((v) => v.file)).toEqual([card.files.onnx, card.files.compressed, card.files.quantized]);
    expect(card.files.served).toBe(card.onnxCheck.served);
    const served = variants.find((v) => v.file === card.files.served)!;
    expect(served.batchDependence).toBeLessThanOrEqual(1e-4);
    if (served.file !== card.files.onnx) {
      expect(served.maxAurocDelta).toBeLessThanOrEqual(0.005);
      expect(served.specificityDelta).toBeLessThanOrEqual(0.005);
      expect(served.maxSensitivityDelta).toBeLessThanOrEqual(0.005);
    }
  });

  it("reconstructs a window with its served weights the same alone and batched with another recording's windows", async () => {
    const session = await ort.InferenceSession.create(`${DIR}${card.files.served}`, { intraOpNumThreads: 1, extra: { session: { set_denormal_as_zero: "1" } } });
    try {
      const mine = prepareWindows(simulateInfant({ seed: 777_003, movementClass: "fidgety", durationS: 4 }).sequence, { stride: 10 });
      const theirs = prepareWindows(simulateInfant({ seed: 777_004, movementClass: "absent-fidgety", durationS: 8 }).sequence, { stride: 2 });
      const window = mine.windows.slice(0, 2250);
      const batch = new Float32Array(32 * 2250);
      batch.set(window);
      batch.set(theirs.windows.subarray(0, 31 * 2250), 2250);
      const alone = (await session.run({ windows: new ort.Tensor("float32", window, [1, 30, 75]) })).reconstruction!.data as Float32Array;
      const batched = (await session.run({ windows: new ort.Tensor("float32", batch, [32, 30, 75]) })).reconstruction!.data as Float32Array;
      let worst = 0;
      for (let k = 0; k < 2250; k++) worst = Math.max(worst, Math.abs(alone[k]! - batched[k]!));
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      await session.release();
    }
  });

  // Stated tolerances for int8 weights and activations (measured: outputs within 1.6e-2, log errors within 0.062).
  it("reconstructs fresh synthetic windows of every class in its int8 variant within 0.05 of float32, each window's log error within 0.15", async () => {
    const options = { intraOpNumThreads: 1, extra: { session: { set_denormal_as_zero: "1" } } };
    const fp32 = await ort.InferenceSession.create(`${DIR}${card.files.onnx}`, options);
    const int8 = await ort.InferenceSession.create(`${DIR}${card.files.quantized}`, options);
    try {
      for (const movementClass of MOVEMENT_CLASS_NAMES) {
        const sim = simulateInfant({ seed: 777_002, movementClass, durationS: 8 });
        const set = prepareWindows(sim.sequence, { stride: 5 });
        const x = set.windows.slice(0, set.count * 2250);
        const input = { windows: new ort.Tensor("float32", x, [set.count, 30, 75]) };
        const a = (await fp32.run(input)).reconstruction!.data as Float32Array;
        const b = (await int8.run(input)).reconstruction!.data as Float32Array;
        let maxAbs = 0;
        let maxLogRatio = 0;
        for (let w = 0; w < set.count; w++) {
          let ea = 0;
          let eb = 0;
          for (let k = w * 2250; k < (w + 1) * 2250; k++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[k]! - b[k]!));
            ea += (a[k]! - x[k]!) ** 2;
            eb += (b[k]! - x[k]!) ** 2;
          }
          maxLogRatio = Math.max(maxLogRatio, Math.abs(Math.log(eb / ea)));
        }
        expect(set.count, movementClass).toBeGreaterThan(20);
        expect(maxAbs, movementClass).toBeLessThanOrEqual(0.05);
        expect(maxLogRatio, movementClass).toBeLessThanOrEqual(0.15);
      }
    } finally {
      await Promise.all([fp32.release(), int8.release()]);
    }
  });

  it("flags only a small share of a freshly simulated normal recording's windows at its reconstruction threshold", async () => {
    const session = await ort.InferenceSession.create(`${DIR}${card.files.served}`, { extra: { session: { set_denormal_as_zero: "1" } } });
    const sim = simulateInfant({ seed: 777_001, movementClass: "fidgety", durationS: 12 });
    const set = prepareWindows(sim.sequence, { stride: 3 });
    const out = await session.run({ windows: new ort.Tensor("float32", set.windows.slice(0, set.count * 2250), [set.count, 30, 75]) });
    const y = out.reconstruction!.data as Float32Array;
    let flagged = 0;
    for (let w = 0; w < set.count; w++) {
      let e = 0;
      for (let k = 0; k < 2250; k++) e += (y[w * 2250 + k]! - set.windows[w * 2250 + k]!) ** 2;
      if (e / 2250 > card.reconstructionThreshold) flagged++;
    }
    expect(set.count).toBeGreaterThan(50);
    expect(flagged / set.count).toBeLessThan(0.3);
    await session.release();
  });
});
