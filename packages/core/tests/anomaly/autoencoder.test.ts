import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AutoencoderScorer, InferenceFailedError, ModelCardInvalidError, anomalyFlags, autoencoderSessionOptions, loadModelCard, modelVariantFor, parseModelCard } from "../../src/anomaly";
import { bundledNormalStatistics } from "../../src/analysis";
import { getBatcherRegistry } from "../../src/batching";
import { detectExecutionProviders } from "../../src/inference";
import { buildScaleModel, modelCardJson } from "./support/scale-model";

function randomWindows(count: number, seed = 1): Float32Array {
  const out = new Float32Array(count * 2250);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648 - 0.5) * 0.4;
  }
  return out;
}

function expectedError(windows: Float32Array, w: number, scale: number): number {
  let ss = 0;
  for (let i = 0; i < 2250; i++) {
    const x = windows[w * 2250 + i]!;
    const d = Math.fround(x * scale) - x;
    ss += d * d;
  }
  return ss / 2250;
}

describe("AutoencoderScorer", () => {
  let dir: string | undefined;
  const scorers: AutoencoderScorer[] = [];
  afterEach(async () => {
    await Promise.all(scorers.splice(0).map((s) => s.release()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function scaleScorer(scale: number, batchSize: number | "auto", dynamicBatching = true, modelVersion = "scale"): Promise<AutoencoderScorer> {
    const s = await AutoencoderScorer.create(buildScaleModel(scale), { modelVersion, threshold: 0.005 }, { batchSize, intraOpNumThreads: 1, dynamicBatching });
    scorers.push(s);
    return s;
  }

  it("scores each window with the mean squared reconstruction error, across batch boundaries", async () => {
    const scorer = await scaleScorer(0.5, 32);
    const windows = randomWindows(70);
    const progress: [number, number][] = [];
    const errors = await scorer.scoreWindows(windows, 70, (done, total) => progress.push([done, total]));
    expect(errors).toHaveLength(70);
    for (const w of [0, 31, 32, 63, 64, 69]) expect(errors[w]).toBeCloseTo(expectedError(windows, w, 0.5), 9);
    expect(progress).toEqual([[32, 70], [64, 70], [70, 70]]);
  });

  it("gives the same errors whatever the batch size", async () => {
    const windows = randomWindows(20, 7);
    const one = await (await scaleScorer(0.8, 1)).scoreWindows(windows, 20);
    const many = await (await scaleScorer(0.8, 64)).scoreWindows(windows, 20);
    const auto = await (await scaleScorer(0.8, "auto")).scoreWindows(windows, 20);
    expect(Array.from(many)).toEqual(Array.from(one));
    expect(Array.from(auto)).toEqual(Array.from(one));
  });

  it("scores analyses running at once through the scorer's one dynamic batcher, in batches no larger than its batch size, with the errors of direct runs", async () => {
    const version = `scale-shared-${process.pid}`;
    const shared = await scaleScorer(0.6, 16, true, version);
    const direct = await scaleScorer(0.6, 16, false, `${version}-direct`);
    const inputs = [randomWindows(40, 3), randomWindows(25, 4), randomWindows(33, 5)];
    const together = await Promise.all(inputs.map((w) => shared.scoreWindows(w, w.length / 2250)));
    for (const [i, w] of inputs.entries()) expect(Array.from(together[i]!)).toEqual(Array.from(await direct.scoreWindows(w, w.length / 2250)));
    const stats = getBatcherRegistry().stats()[`anomaly:${version}`];
    expect(stats).toBeDefined();
    expect(stats!.executedRequests).toBe(98);
    expect(Math.max(...Object.keys(stats!.batchSizes).map(Number))).toBeLessThanOrEqual(16);
    expect(stats!.failed).toBe(0);
    expect(getBatcherRegistry().stats()[`anomaly:${version}-direct`]).toBeUndefined();
    await shared.release();
    expect(getBatcherRegistry().stats()[`anomaly:${version}`]).toBeUndefined();
  });

  it("scores windows on worker-thread instances with the errors of the in-process session, its progress counting every window once", async () => {
    const windows = randomWindows(150, 9);
    const inProcess = await (await scaleScorer(0.7, 32, false)).scoreWindows(windows, 150);
    const pooled = await AutoencoderScorer.create(buildScaleModel(0.7), { modelVersion: "scale-pooled", threshold: 0.005 }, { batchSize: 32, instances: 2 });
    scorers.push(pooled);
    // The CPUs are shared out: one onnxruntime thread per instance on 2 cores.
    expect(pooled.sessionOptions.intraOpNumThreads).toBe(Math.max(1, Math.floor(os.availableParallelism() / 2)));
    const progress: number[] = [];
    const errors = await pooled.scoreWindows(windows, 150, (done, total) => {
      expect(total).toBe(150);
      progress.push(done);
    });
    expect(Array.from(errors)).toEqual(Array.from(inProcess));
    expect(progress.at(-1)).toBe(150);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Two parts of 75 windows in batches of 32: 3 batches each.
    expect(progress).toHaveLength(6);
    await pooled.release();
    await expect(pooled.scoreWindows(windows, 1)).rejects.toMatchObject({ code: "INFERENCE_FAILED" });
  });

  it("runs the dynamic batcher's batches on as many instances at once as it has", async () => {
    const version = `scale-instances-${process.pid}`;
    const pooled = await AutoencoderScorer.create(buildScaleModel(0.6), { modelVersion: version, threshold: 0.005 }, { batchSize: 8, instances: 2, intraOpNumThreads: 1, dynamicBatching: true });
    scorers.push(pooled);
    const inputs = [randomWindows(24, 3), randomWindows(17, 4)];
    const together = await Promise.all(inputs.map((w) => pooled.scoreWindows(w, w.length / 2250)));
    inputs.forEach((w, i) => [0, 7, 16].forEach((k) => expect(together[i]![k]).toBeCloseTo(expectedError(w, k, 0.6), 9)));
    const stats = getBatcherRegistry().stats()[`anomaly:${version}`]!;
    expect(stats.executedRequests).toBe(41);
    expect(stats.failed).toBe(0);
  });

  it("refuses an anomaly model its instances cannot load with MODEL_CARD_INVALID and a negative instance count with a RangeError", async () => {
    await expect(AutoencoderScorer.create(new Uint8Array([9, 9, 9]), { modelVersion: "broken", threshold: 0.005 }, { instances: 2 })).rejects.toMatchObject({ code: "MODEL_CARD_INVALID", message: expect.stringContaining("cannot load the anomaly model (3 bytes)") });
    await expect(AutoencoderScorer.create(buildScaleModel(0.5), { modelVersion: "scale", threshold: 0.005 }, { instances: -1 })).rejects.toThrow(/instances must be a non-negative integer/);
  });

  it("scores only the first count windows of a longer buffer", async () => {
    const scorer = await scaleScorer(0.5, 4);
    const windows = randomWindows(6, 3);
    const errors = await scorer.scoreWindows(windows, 5);
    expect(errors).toHaveLength(5);
    expect(errors[4]).toBeCloseTo(expectedError(windows, 4, 0.5), 9);
    expect(await scorer.scoreWindows(windows, 0)).toHaveLength(0);
  });

  it("reconstructs windows through onnxruntime", async () => {
    const scorer = await scaleScorer(0.25, 8);
    const windows = randomWindows(2, 5);
    const recon = await scorer.reconstruct(windows, 2);
    expect(recon[100]).toBeCloseTo(windows[100]! * 0.25, 7);
  });

  it("creates its sessions with denormals flushed to zero unless told otherwise", () => {
    expect(autoencoderSessionOptions().extra).toEqual({ session: { set_denormal_as_zero: "1", "intra_op.allow_spinning": "0" } });
    expect(autoencoderSessionOptions({ flushDenormals: false }).extra).toEqual({ session: { set_denormal_as_zero: "0", "intra_op.allow_spinning": "0" } });
    expect(autoencoderSessionOptions({ allowSpinning: true }).extra).toEqual({ session: { set_denormal_as_zero: "1", "intra_op.allow_spinning": "1" } });
  });

  it("builds its session options through the session factory, on the CPU unless told otherwise, with the options the benchmarks measured", () => {
    // The benchmarks measured with ["cpu"] and no thread, arena or mode settings. onnxruntime-node
    // reads nothing from a CPU entry but its name, and 0 threads, the CPU arena on and sequential
    // execution are onnxruntime's own defaults, so these options run the model the same way.
    const cpu = { name: "cpu", useArena: true };
    const flushed = { session: { set_denormal_as_zero: "1", "intra_op.allow_spinning": "0" } };
    const onCpu = { executionProviders: [cpu], intraOpNumThreads: 0, interOpNumThreads: 0, graphOptimizationLevel: "all", enableCpuMemArena: true, executionMode: "sequential", extra: flushed };
    expect(autoencoderSessionOptions()).toEqual(onCpu);
    expect(autoencoderSessionOptions({ executionProvider: "cpu", intraOpNumThreads: 3 })).toEqual({ ...onCpu, intraOpNumThreads: 3 });
    expect(autoencoderSessionOptions({ enableCpuMemArena: false })).toEqual({ ...onCpu, executionProviders: [{ name: "cpu", useArena: false }], enableCpuMemArena: false });
    const cuda = detectExecutionProviders().cuda;
    const auto = autoencoderSessionOptions({ executionProvider: "auto", deviceId: 1, gpuMemLimitBytes: 2 ** 30 });
    expect(auto).toEqual({ ...onCpu, executionProviders: cuda.available ? [{ name: "cuda", deviceId: 1, gpu_mem_limit: String(2 ** 30) }, cpu] : [cpu] });
  });

  it.skipIf(detectExecutionProviders().cuda.available)("runs on the CPU with auto where CUDA cannot run, and refuses cuda there with EXECUTION_PROVIDER_UNAVAILABLE and the reason", async () => {
    const auto = await AutoencoderScorer.create(buildScaleModel(0.5), { modelVersion: "scale", threshold: 0.005 }, { executionProvider: "auto", intraOpNumThreads: 1, enableCpuMemArena: false });
    scorers.push(auto);
    expect(auto.executionProvider).toBe("cpu");
    expect(auto.sessionOptions).toMatchObject({ executionProviders: [{ name: "cpu", useArena: false }], intraOpNumThreads: 1, enableCpuMemArena: false });
    const windows = randomWindows(3, 2);
    expect((await auto.scoreWindows(windows, 3))[2]).toBeCloseTo(expectedError(windows, 2, 0.5), 9);

    const refused = AutoencoderScorer.create(buildScaleModel(0.5), { modelVersion: "scale", threshold: 0.005 }, { executionProvider: "cuda" });
    await expect(refused).rejects.toMatchObject({ code: "EXECUTION_PROVIDER_UNAVAILABLE", message: expect.stringContaining(detectExecutionProviders().cuda.reason) });
    expect(() => autoencoderSessionOptions({ executionProvider: "cuda" })).toThrow(expect.objectContaining({ code: "EXECUTION_PROVIDER_UNAVAILABLE" }));
  });

  it("rejects a device id or GPU memory limit that cannot be right", async () => {
    const create = (options: { deviceId?: number; gpuMemLimitBytes?: number }) => AutoencoderScorer.create(buildScaleModel(0.5), { modelVersion: "scale", threshold: 0.005 }, options);
    await expect(create({ deviceId: -1 })).rejects.toThrow(/deviceId must be an integer >= 0/);
    await expect(create({ deviceId: 0.5 })).rejects.toThrow(/deviceId/);
    await expect(create({ gpuMemLimitBytes: 0 })).rejects.toThrow(/gpuMemLimitBytes must be > 0/);
  });

  it("flags windows whose error exceeds the threshold", () => {
    expect(Array.from(anomalyFlags(Float32Array.from([0.1, 0.2, 0.3]), 0.2))).toEqual([0, 0, 1]);
  });

  it("loads its weights, threshold, version and normal statistics from a model card", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-card-"));
    writeFileSync(join(dir, "scale.onnx"), buildScaleModel(0.5));
    const raw = JSON.parse(readFileSync(new URL("../../data/mini-rgbd-normal-statistics.json", import.meta.url), "utf8")) as unknown;
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("scale.onnx", { normalStatistics: raw })));
    const card = loadModelCard(dir);
    expect(card.normalStatistics).toEqual(bundledNormalStatistics());
    expect(card.metrics?.perClass?.absent_fidgety?.auroc).toBe(0.97);
    const scorer = await AutoencoderScorer.fromModelCard(dir, { batchSize: 16 });
    scorers.push(scorer);
    expect(scorer.modelVersion).toBe("test-scale@000000000001");
    expect(scorer.threshold).toBe(0.01);
    expect(scorer.normalStatistics?.sampleSize).toBe(737);
    const windows = randomWindows(3);
    expect((await scorer.scoreWindows(windows, 3))[2]).toBeCloseTo(expectedError(windows, 2, 0.5), 9);
  });

  it("serves the variant the card names as served", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-card-"));
    writeFileSync(join(dir, "a.onnx"), buildScaleModel(0.5));
    writeFileSync(join(dir, "b.onnx"), buildScaleModel(0.9));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("a.onnx", { files: { onnx: "a.onnx", compressed: "b.onnx", served: "b.onnx" } })));
    const served = await AutoencoderScorer.fromModelCard(dir);
    const fp32 = await AutoencoderScorer.fromModelCard(dir, { variant: "onnx" });
    scorers.push(served, fp32);
    const windows = randomWindows(1);
    expect((await served.scoreWindows(windows, 1))[0]).toBeCloseTo(expectedError(windows, 0, 0.9), 9);
    expect((await fp32.scoreWindows(windows, 1))[0]).toBeCloseTo(expectedError(windows, 0, 0.5), 9);
    // Each names the file whose weights score, for reports and cache keys.
    expect([served.weightsFile, fp32.weightsFile]).toEqual(["b.onnx", "a.onnx"]);
  });

  it("serves a card's int8 variant on the CPU and its float32 export on CUDA, which has no kernels for the int8 operators", () => {
    const card = parseModelCard(modelCardJson("a.onnx", { files: { onnx: "a.onnx", compressed: "h.onnx", quantized: "q.onnx", served: "q.onnx" } }), "/models");
    expect(modelVariantFor(card, "served", "cpu")).toBe("served");
    expect(modelVariantFor(card, "served", "cuda")).toBe("onnx");
    expect(modelVariantFor(card, "quantized", "cuda")).toBe("onnx");
    expect(modelVariantFor(card, "compressed", "cuda")).toBe("compressed");
    const fp16Served = parseModelCard(modelCardJson("a.onnx", { files: { onnx: "a.onnx", compressed: "h.onnx", quantized: "q.onnx", served: "h.onnx" } }), "/models");
    expect(modelVariantFor(fp16Served, "served", "cuda")).toBe("served");
  });

  it("refuses a card without a threshold, and a missing model file, with MODEL_CARD_INVALID", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-card-"));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("absent.onnx", { threshold: undefined })));
    expect(() => loadModelCard(dir!)).toThrow(/threshold/);
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("absent.onnx")));
    await expect(AutoencoderScorer.fromModelCard(dir)).rejects.toBeInstanceOf(ModelCardInvalidError);
    expect(() => loadModelCard(join(dir!, "nope"))).toThrow(ModelCardInvalidError);
  });

  it("reports a model of the wrong window size as an internal inference failure", async () => {
    const scorer = await AutoencoderScorer.create(buildScaleModel(0.5, 20), { modelVersion: "w20", threshold: 1, windowSize: 30 }, { intraOpNumThreads: 1 });
    scorers.push(scorer);
    const error = await scorer.scoreWindows(randomWindows(1), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailedError);
    expect((error as InferenceFailedError).isUserError).toBe(false);
  });

  it("rejects a batch size of zero and a buffer shorter than count windows", async () => {
    await expect(AutoencoderScorer.create(buildScaleModel(0.5), { modelVersion: "x", threshold: 1 }, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    const scorer = await scaleScorer(0.5, 4);
    await expect(scorer.scoreWindows(new Float32Array(2250), 2)).rejects.toThrow(/4500 values/);
  });
});
