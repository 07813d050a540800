import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSyntheticDataset } from "../../src/synthetic";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const PYTHON = "/usr/bin/python3";
const hasTorch = spawnSync(PYTHON, ["-c", "import torch, onnx"], { stdio: "ignore" }).status === 0;
if (!hasTorch) {
  console.warn(`SKIPPED tiny training run: ${PYTHON} cannot import torch and onnx (apt-get install python3-torch python3-onnx libopenblas0-pthread)`);
}

describe.skipIf(!hasTorch)("npm run train, tiny", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gma-train-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("trains one epoch, exports ONNX that onnxruntime-node runs like PyTorch, and writes a model card", async () => {
    const out = join(dir, "model");
    const work = join(dir, "work");
    const args = ["training/train.sh", "--out", out, "--work", work, "--infants", "6", "--anomaly-infants", "1", "--duration", "4", "--stride", "10", "--eval-recordings", "1"];
    const trainer = ["--epochs", "1", "--encoder-hidden", "8", "--decoder-hidden", "8", "--latent", "4", "--heads", "2", "--threads", "1"];
    const run = spawnSync("bash", [...args, ...trainer], { cwd: ROOT, encoding: "utf8", timeout: 170_000 });
    expect(run.status, run.stderr.slice(-3000)).toBe(0);

    const card = JSON.parse(readFileSync(join(out, "model-card.json"), "utf8"));
    expect(card.data.synthetic).toBe(true);
    expect(card.fps).toBe(25);
    expect(card.windowSize).toBe(30);
    expect(card.threshold).toBeGreaterThan(0);
    expect(card.onnxCheck.pass).toBe(true);
    expect(card.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    // The hybrid score: constants for both periods, and serving's TypeScript score matching Python's.
    expect(card.scoring.kind).toBe("hybrid-max-z");
    expect(card.threshold).toBe(card.scoring.threshold);
    expect(card.reconstructionThreshold).toBeGreaterThan(0);
    expect(Object.keys(card.scoring.reconstruction)).toEqual(expect.arrayContaining(["writhing", "fidgety"]));
    expect(card.onnxCheck.scoreParity.pass).toBe(true);
    expect(existsSync(join(out, card.files.scoringGolden))).toBe(true);
    expect(Object.keys(card.metrics.perClass).sort()).toEqual(["absent-fidgety", "cramped-synchronised", "hemi-asymmetry", "poor-repertoire"]);
    // The recording-level evaluation: one fresh synthetic recording per class, rated by the risk policy.
    const rec = card.metrics.recordingRisk;
    expect(rec.synthetic).toBe(true);
    expect(Object.keys(rec.perClass).sort()).toEqual(["absent-fidgety", "cramped-synchronised", "fidgety", "hemi-asymmetry", "poor-repertoire", "writhing"]);
    for (const c of Object.values<{ recordings: number; low: number; medium: number; high: number }>(rec.perClass)) expect(c.low + c.medium + c.high).toBe(c.recordings);
    expect(rec.specificity.recordings + rec.sensitivity.recordings).toBe(6);
    expect(readFileSync(join(out, "model-card.md"), "utf8")).toContain("Recording level: the risk level a report gives");
    expect(card.normalStatistics.joint_amplitudes).toHaveLength(25);
    expect(card.sha256).toBe(createHash("sha256").update(readFileSync(join(out, card.files.onnx))).digest("hex"));
    expect(readFileSync(join(out, "model-card.md"), "utf8")).toMatch(/SYNTHETIC/);
    expect(existsSync(join(out, card.files.compressed))).toBe(true);

    // The exported graph and its int8 variant take any batch size (dynamic batch axis).
    expect(existsSync(join(out, card.files.quantized))).toBe(true);
    const ds = makeSyntheticDataset({ seed: 3, infantsPerClass: { fidgety: 1 }, durationS: 3, stride: 10 });
    for (const file of [card.files.onnx, card.files.quantized]) {
      const session = await ort.InferenceSession.create(join(out, file), { extra: { session: { set_denormal_as_zero: "1" } } });
      for (const batch of [1, 3]) {
        const input = ds.windows.slice(0, batch * 30 * 75);
        const result = await session.run({ windows: new ort.Tensor("float32", input, [batch, 30, 75]) });
        expect(result.reconstruction!.dims, file).toEqual([batch, 30, 75]);
        expect((result.reconstruction!.data as Float32Array).every(Number.isFinite), file).toBe(true);
      }
      await session.release();
    }
  }, 180_000);
});
