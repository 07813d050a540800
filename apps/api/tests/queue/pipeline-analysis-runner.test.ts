import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_ANOMALY_MODEL_DIR, decodeKeypoints, detectExecutionProviders, loadModelCard, ModelCache, modelFilePath, QualityTooLowError, ResultCache, withPipelineModels, type PipelineModelSet } from "@gma/core";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/env";
import { PipelineAnalysisRunner } from "../../src/queue/pipeline-analysis-runner";
import { defaultAnalysisRunner } from "../../src/worker";
import { ensurePoseModels, messiClip, REPO_MODELS_DIR, syntheticKeypoints } from "../helpers/fixtures";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("PipelineAnalysisRunner", () => {
  it("returns the analysed joint sequence encoded, also when the report comes from the result cache", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-"));
    const file = syntheticKeypoints(path.join(dir, "k.json"), 11);
    const cache = new ResultCache({ name: "runner-test", maxSize: 4, register: false });
    const runner = new PipelineAnalysisRunner({ modelsDir: REPO_MODELS_DIR, resultCache: cache });
    const input = { analysisId: "a", kind: "keypoints" as const, filePath: file, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal };
    const first = await runner.run(input, () => {});
    const seq = decodeKeypoints(first.keypoints!);
    expect(seq.fps).toBe(25);
    expect(seq.frameCount - 29).toBe(first.windowErrors.length);

    const again = await runner.run({ ...input, analysisId: "b" }, () => {});
    expect(again.report).toBe(first.report);
    expect(cache.stats().hits).toBe(1);
    expect(again.keypoints).toEqual(first.keypoints);
  }, 60_000);

  it("loads the pose and anomaly models once for a run of analyses through the model cache, with the same results as loading per analysis", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-models-"));
    const modelsDir = await ensurePoseModels();
    const clip = messiClip(path.join(dir, "clip.mp4"), 10.5);
    const keypoints = syntheticKeypoints(path.join(dir, "k.json"), 11);
    const modelCache = new ModelCache<PipelineModelSet>({ name: "runner-models-test", maxModels: 1, register: false });
    const cached = new PipelineAnalysisRunner({ modelsDir, modelCache });
    const plain = new PipelineAnalysisRunner({ modelsDir });
    const base = { ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal };
    const video = { ...base, analysisId: "v", kind: "video" as const, filePath: clip };
    const kp = { ...base, analysisId: "k", kind: "keypoints" as const, filePath: keypoints };

    const viaCache = [await cached.run(video, () => {}), await cached.run(kp, () => {}), await cached.run({ ...video, analysisId: "v2" }, () => {})];
    const stats = modelCache.stats();
    expect(stats.loads).toBe(1);
    expect(stats.hits).toBe(2);
    expect(stats.residentModels).toBe(1);
    expect(stats.residentBytes).toBeGreaterThan(1_000_000);

    const direct = [await plain.run(video, () => {}), await plain.run(kp, () => {})];
    expect(Array.from(viaCache[0]!.windowErrors)).toEqual(Array.from(direct[0]!.windowErrors));
    expect(Array.from(viaCache[1]!.windowErrors)).toEqual(Array.from(direct[1]!.windowErrors));
    const risk = (r: { report: unknown }) => (r.report as { risk: unknown }).risk;
    expect(risk(viaCache[0]!)).toEqual(risk(direct[0]!));
    expect(Array.from(viaCache[2]!.windowErrors)).toEqual(Array.from(direct[0]!.windowErrors));
    await modelCache.clear();
  }, 180_000);

  it("gives the worker's cached anomaly scorer dynamic batching with GMA_OPTIMIZATIONS and not without, with the same results", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-optimizations-"));
    const modelsDir = await ensurePoseModels();
    const keypoints = syntheticKeypoints(path.join(dir, "k.json"), 11);
    const input = { analysisId: "k", kind: "keypoints" as const, filePath: keypoints, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal };
    const errors: number[][] = [];
    for (const optimizations of ["true", "false"]) {
      const runner = defaultAnalysisRunner(parseConfig({ GMA_DATA_DIR: dir, GMA_MODELS_DIR: modelsDir, GMA_OPTIMIZATIONS: optimizations, RESULT_CACHE_SIZE: "0" }));
      const modelCache = runner.options.modelCache!;
      try {
        errors.push(Array.from((await runner.run(input, () => {})).windowErrors));
        // The set the analysis loaded, read back from the cache (a hit: no second load).
        const options = await withPipelineModels(modelCache, { modelsDir, anomalyModelDir: DEFAULT_ANOMALY_MODEL_DIR }, async (models) => models.scorer.autoencoder.options);
        expect(modelCache.stats().loads).toBe(1);
        expect(options.dynamicBatching).toBe(optimizations === "true");
        // Not an optional optimisation: on either way.
        expect(options.flushDenormals).toBe(true);
      } finally {
        await modelCache.dispose();
      }
    }
    expect(errors[0]).toEqual(errors[1]);
  }, 120_000);

  it("gives the pose sessions and the anomaly scorer INFERENCE_INTRA_OP_THREADS, INFERENCE_CPU_ARENA and INFERENCE_ALLOW_SPINNING, worker-thread instances from INFERENCE_ANOMALY_INSTANCES and INFERENCE_POSE_INSTANCES, and analyses with them", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-inference-"));
    const modelsDir = await ensurePoseModels();
    const runner = defaultAnalysisRunner(parseConfig({ GMA_DATA_DIR: dir, GMA_MODELS_DIR: modelsDir, RESULT_CACHE_SIZE: "0", INFERENCE_INTRA_OP_THREADS: "1", INFERENCE_CPU_ARENA: "false", INFERENCE_ALLOW_SPINNING: "true", INFERENCE_ANOMALY_INSTANCES: "2", INFERENCE_POSE_INSTANCES: "1" }));
    const threads = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort").length;
    const threadsBefore = threads();
    const modelCache = runner.options.modelCache!;
    try {
      await runner.warmUp();
      // onnxruntime-node cannot report a session's options back, so this reads the options the
      // sessions were created with, from the set the warm-up loaded (a hit: no second load).
      const provider = detectExecutionProviders().cuda.available ? "cuda" : "cpu";
      const seen = await withPipelineModels(modelCache, { modelsDir, anomalyModelDir: DEFAULT_ANOMALY_MODEL_DIR }, async (models) => ({
        pose: models.poseSessions,
        anomaly: { provider: models.scorer.autoencoder.executionProvider, options: models.scorer.autoencoder.options, session: models.scorer.autoencoder.sessionOptions },
      }));
      expect(modelCache.stats()).toMatchObject({ loads: 1, hits: 1 });
      expect(seen.pose.executionProvider).toBe(provider);
      expect(seen.pose.sessionOptions).toMatchObject({ intraOpNumThreads: 1, enableCpuMemArena: false, graphOptimizationLevel: "all", extra: { session: { "intra_op.allow_spinning": "1" } } });
      expect(seen.pose.instances).toBe(1);
      expect(seen.pose.instanceSessionOptions).toMatchObject({ intraOpNumThreads: 1, enableCpuMemArena: false });
      expect(seen.pose.sessionOptions.executionProviders!.at(-1)).toEqual({ name: "cpu", useArena: false });
      expect(seen.anomaly.provider).toBe(provider);
      expect(seen.anomaly.options).toMatchObject({ intraOpNumThreads: 1, enableCpuMemArena: false, allowSpinning: true, executionProvider: provider, flushDenormals: true, instances: 2 });
      // Two anomaly instances and one instance of each pose model (detector and landmark model).
      expect(threads()).toBe(threadsBefore + 4);
      // Each session and instance holds its own copy of its weights, and the cache counts them all.
      const sizes = ["blazepose-detector", "blazepose-full"].map((m) => statSync(path.join(modelsDir, `${m}.fp16.onnx`)).size);
      const anomalyBytes = statSync(modelFilePath(loadModelCard(DEFAULT_ANOMALY_MODEL_DIR))).size;
      expect(modelCache.stats().residentBytes).toBe(2 * (sizes[0]! + sizes[1]!) + 2 * anomalyBytes);
      expect(seen.anomaly.session).toMatchObject({ intraOpNumThreads: 1, enableCpuMemArena: false, graphOptimizationLevel: "all", extra: { session: { set_denormal_as_zero: "1", "intra_op.allow_spinning": "1" } } });

      const file = syntheticKeypoints(path.join(dir, "k.json"), 11);
      const result = await runner.run({ analysisId: "t", kind: "keypoints", filePath: file, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal }, () => {});
      expect(result.windowErrors.length).toBeGreaterThan(0);
      expect(modelCache.stats()).toMatchObject({ loads: 1, hits: 2 });
    } finally {
      await modelCache.dispose();
    }
    // Disposing the cache released the scorer, and with it the instances' threads.
    await expect.poll(threads).toBe(threadsBefore);
  }, 120_000);

  it("refuses a video below the quality gate's frame rate with @gma/core's QualityTooLowError, a user error, before any pose progress", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-slow-"));
    const clip = messiClip(path.join(dir, "slow.mp4"), 12, "274x172", 6);
    const runner = new PipelineAnalysisRunner({ modelsDir: REPO_MODELS_DIR });
    const stages: string[] = [];
    const input = { analysisId: "s", kind: "video" as const, filePath: clip, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal };
    const error = await runner.run(input, (p) => void stages.push(p.stage)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QualityTooLowError);
    expect(error).toMatchObject({ code: "QUALITY_TOO_LOW", isUserError: true, message: "The recording is not good enough to analyse: the frame rate is 6.0 fps (at least 10 fps needed)." });
    expect(stages).toEqual([]);
  }, 60_000);

  it("refuses to warm up without a model cache to keep the models in", async () => {
    await expect(new PipelineAnalysisRunner({ modelsDir: REPO_MODELS_DIR }).warmUp()).rejects.toThrow(/warmUp needs a modelCache/);
  });

  it("runs with the anomaly model folder GMA_ANOMALY_MODEL_DIR names and reports its version, which the API compares stored results with", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-card-"));
    const copy = path.join(dir, "anomaly");
    cpSync(DEFAULT_ANOMALY_MODEL_DIR, copy, { recursive: true });
    // The same weights under another version name: what a retrained model looks like to the API.
    const cardFile = path.join(copy, "model-card.json");
    const card = JSON.parse(readFileSync(cardFile, "utf8")) as { modelVersion: string };
    writeFileSync(cardFile, JSON.stringify({ ...card, modelVersion: `${card.modelVersion}-retrained` }));
    const config = parseConfig({ GMA_ANOMALY_MODEL_DIR: copy, GMA_MODELS_DIR: REPO_MODELS_DIR });
    expect(config.anomalyModelDir).toBe(copy);
    const runner = defaultAnalysisRunner(config);
    expect(runner.currentModelVersion()).toBe(`${loadModelCard(DEFAULT_ANOMALY_MODEL_DIR).modelVersion}-retrained`);
    await runner.checkReady();
    const file = syntheticKeypoints(path.join(dir, "k.json"), 11);
    const result = await runner.run({ analysisId: "v", kind: "keypoints", filePath: file, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal }, () => {});
    expect(result.modelVersion).toBe(runner.currentModelVersion());

    const missing = new PipelineAnalysisRunner({ modelsDir: REPO_MODELS_DIR, anomalyModelDir: path.join(dir, "nothing-here") });
    expect(missing.currentModelVersion()).toBeUndefined();
    await expect(missing.checkReady()).rejects.toThrow(/model card/);
  }, 60_000);
});
