import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cropAndResize, letterboxRoi, modelFileName, type PoseNetwork, type RgbFrame } from "../../src/pose";
import { decodeImage, fixturePath } from "./support/fixtures";
import { loadReferenceModel, runReference } from "./support/tfjs-reference";
import { prepareTestModels, sourceModelPath } from "./support/test-models";

/** tfjs output node of each named signature output. */
const LANDMARK_OUTPUTS = { ld_3d: "Identity_2", activation_heatmap: "Identity", output_poseflag: "Identity_3", world_3d: "Identity_4" };

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A real-image input: the whole frame letterboxed (detector) or the person's box (landmarks). */
function input(frame: RgbFrame, size: number, lo: number, hi: number, roi = letterboxRoi(frame.width, frame.height)): Float32Array {
  return cropAndResize(frame, roi, size, lo, hi);
}

async function runOnnx(file: string, x: Float32Array, dims: number[]): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(file);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor("float32", x, dims) });
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

describe("tfjs to ONNX conversion", () => {
  let models: Awaited<ReturnType<typeof prepareTestModels>>;
  let frame: RgbFrame;
  const file = (network: PoseNetwork): string => path.join(models.modelsDir, modelFileName(network, "fp32"));
  // The person fills the middle of messi5; a square around them is what the landmark model expects.
  const personRoi = { cx: 290, cy: 190, width: 330, height: 330, rotation: 0 };

  beforeAll(async () => {
    models = await prepareTestModels(["lite", "full", "heavy"], ["fp32"]);
    frame = await decodeImage(fixturePath("messi5.jpg"));
  }, 120_000);
  afterAll(async () => models?.dispose());

  it("reproduces the tfjs detector's scores and boxes on a real photo", async () => {
    const x = input(frame, 224, -1, 1);
    const ref = (await runReference(await loadReferenceModel(sourceModelPath("detector")), x, [1, 224, 224, 3], ["Identity"])).Identity!;
    const out = (await runOnnx(file("detector"), x, [1, 224, 224, 3])).person!;
    expect(out.length).toBe(2254 * 13);
    // Score logits span +-1e5 on empty anchors, so compare relative to magnitude there; boxes
    // and keypoints are pixels of the 224 input.
    for (let i = 0; i < out.length; i++) {
      const tol = i % 13 === 0 ? 1e-4 * Math.max(1, Math.abs(ref[i]!)) : 1e-2;
      if (Math.abs(out[i]! - ref[i]!) > tol) expect.fail(`row ${Math.floor(i / 13)} column ${i % 13}: ${out[i]} vs ${ref[i]}`);
    }
  }, 60_000);

  for (const variant of ["lite", "full", "heavy"] as const) {
    it(`reproduces the tfjs ${variant} landmark model: ld_3d within 1e-2, heatmaps within 1e-4`, async () => {
      const x = input(frame, 256, 0, 1, personRoi);
      const ref = await runReference(await loadReferenceModel(sourceModelPath(variant)), x, [1, 256, 256, 3], Object.values(LANDMARK_OUTPUTS));
      const out = await runOnnx(file(variant), x, [1, 256, 256, 3]);
      const ld = out.ld_3d!;
      const refLd = ref[LANDMARK_OUTPUTS.ld_3d]!;
      expect(ld.length).toBe(39 * 5);
      // x, y (crop pixels) and the visibility/presence logits within 1e-2; z reaches +-150, where
      // float32 summation order alone moves it by ~1e-2, so it gets 1e-4 of its range.
      let zRange = 0;
      for (let i = 2; i < 195; i += 5) zRange = Math.max(zRange, Math.abs(refLd[i]!));
      for (let i = 0; i < 195; i++) {
        const tol = i % 5 === 2 ? 1e-4 * zRange : 1e-2;
        if (Math.abs(ld[i]! - refLd[i]!) > tol) expect.fail(`landmark ${Math.floor(i / 5)} value ${i % 5}: ${ld[i]} vs ${refLd[i]}`);
      }
      expect(maxAbsDiff(out.activation_heatmap!, ref[LANDMARK_OUTPUTS.activation_heatmap]!)).toBeLessThan(1e-4);
      expect(maxAbsDiff(out.output_poseflag!, ref[LANDMARK_OUTPUTS.output_poseflag]!)).toBeLessThan(1e-4);
      expect(maxAbsDiff(out.world_3d!, ref[LANDMARK_OUTPUTS.world_3d]!)).toBeLessThan(1e-3);
      // The reference really saw a person: otherwise matching outputs would prove little.
      expect(ref[LANDMARK_OUTPUTS.output_poseflag]![0]).toBeGreaterThan(0.9);
    }, 60_000);
  }

  it("keeps the batch dimension dynamic: a batch of two gives each image's own outputs", async () => {
    const a = input(frame, 256, 0, 1, personRoi);
    const b = input(frame, 256, 0, 1, { ...personRoi, rotation: 0.5 });
    const both = new Float32Array(a.length * 2);
    both.set(a);
    both.set(b, a.length);
    const batched = (await runOnnx(file("lite"), both, [2, 256, 256, 3])).ld_3d!;
    const single = (await runOnnx(file("lite"), b, [1, 256, 256, 3])).ld_3d!;
    expect(batched.length).toBe(2 * 195);
    expect(maxAbsDiff(batched.subarray(195), single)).toBeLessThan(1e-4);
    expect(maxAbsDiff(batched.subarray(0, 195), single)).toBeGreaterThan(1);
  }, 60_000);
});
