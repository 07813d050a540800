import { detectExecutionProviders, getModelCacheRegistry } from "@gma/core";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiConfig } from "../../src/env";
import { createLogger } from "../../src/logger";
import { defaultAnalysisRunner, startWorker } from "../../src/worker";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import type { TestApi } from "../helpers/test-api";

const harness = useAnalysisHarness();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const cuda = detectExecutionProviders().cuda;

type LogLine = { level: string; message: string; [field: string]: unknown };

/** A worker logger whose lines the test reads. */
function collectingLogger() {
  const lines: LogLine[] = [];
  return { lines, logger: createLogger("info", "worker", (l) => lines.push(JSON.parse(l) as LogLine)) };
}

function withInference(config: ApiConfig, inference: Partial<ApiConfig["inference"]>): ApiConfig {
  return { ...config, inference: { ...config.inference, ...inference } };
}

/** The worker's default runner, started with the worker and closed (models released) after the test. */
async function startWithRunner(t: TestApi, config: ApiConfig, logger: ReturnType<typeof createLogger>) {
  const runner = defaultAnalysisRunner(config);
  const modelCache = runner.options.modelCache!;
  cleanups.push(() => modelCache.dispose());
  const w = await startWorker(config, { prisma: t.prisma, logger, runner });
  cleanups.push(() => w.close());
  return modelCache;
}

async function waitForAnalysis(t: TestApi, id: string): Promise<{ status: string; errorCode: string | null }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const a = await t.prisma.analysis.findUniqueOrThrow({ where: { id }, select: { status: true, errorCode: true } });
    if (a.status === "SUCCEEDED" || a.status === "FAILED") return a;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`analysis ${id} did not finish within 60 s`);
}

describe("the worker's inference settings", () => {
  it("load the pipeline models at worker start with MODEL_WARMUP, logged with the load time, so that the first analysis finds them loaded", async () => {
    const t = await harness.api();
    const { lines, logger } = collectingLogger();
    const modelCache = await startWithRunner(t, withInference(t.api.services.config, { warmUp: true }), logger);

    expect(modelCache.stats()).toMatchObject({ loads: 1, misses: 1, hits: 0, loadFailures: 0, residentModels: 1 });
    const warmed = lines.find((l) => l.message === "models warmed up");
    expect(warmed?.level).toBe("info");
    expect(warmed?.loadMs).toEqual(expect.any(Number));
    expect(lines.findIndex((l) => l.message === "models warmed up")).toBeLessThan(lines.findIndex((l) => l.message === "worker started"));

    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await harness.queueKeypoints(t, token, "WARM1");
    expect(await waitForAnalysis(t, id)).toEqual({ status: "SUCCEEDED", errorCode: null });
    // The analysis used the set loaded at start: a hit, no second load.
    expect(modelCache.stats()).toMatchObject({ loads: 1, hits: 1, residentModels: 1 });
  }, 120_000);

  it("load nothing at worker start without MODEL_WARMUP, and show operators the provider in the modelCache query before anything loads", async () => {
    const t = await harness.api();
    const { lines, logger } = collectingLogger();
    const modelCache = await startWithRunner(t, t.api.services.config, logger);
    expect(t.api.services.config.inference.warmUp).toBe(false);
    expect(modelCache.stats()).toMatchObject({ loads: 0, misses: 0, residentModels: 0 });
    expect(lines.some((l) => l.message === "models warmed up")).toBe(false);

    const expected = cuda.available ? "cuda" : "cpu";
    const provider = lines.filter((l) => l.message === "inference execution provider");
    expect(provider).toHaveLength(1);
    expect(provider[0]).toMatchObject({ level: "info", executionProvider: expected, requested: "auto", intraOpThreads: 0, cpuArena: true, poseInstances: 0, anomalyInstances: 0 });
    if (!cuda.available) expect(provider[0]!.reason).toBe(`auto fell back to CPU: ${cuda.reason}`);

    const token = await t.login(t.users.ADMIN.email);
    const r = await t.gql(`{ modelCache { name residentModels executionProviders } }`, {}, { token });
    expect(r.errors).toBeUndefined();
    const caches = r.data!.modelCache as { name: string; residentModels: number; executionProviders: string[] }[];
    expect(caches.find((c) => c.name === modelCache.name)).toEqual({ name: modelCache.name, residentModels: 0, executionProviders: [expected] });
  }, 60_000);

  it("log a failed warm-up as an error and keep the worker running; the first analysis reports the real error", async () => {
    const t = await harness.api();
    const { lines, logger } = collectingLogger();
    const config = { ...withInference(t.api.services.config, { warmUp: true }), modelsDir: `${t.api.services.config.dataDir}/no-models-here` };
    const modelCache = await startWithRunner(t, config, logger);

    const failed = lines.find((l) => l.message.startsWith("model warm-up failed"));
    expect(failed).toMatchObject({ level: "error", error: expect.stringContaining("no-models-here") });
    expect(lines.some((l) => l.message === "worker started")).toBe(true);
    expect(modelCache.stats()).toMatchObject({ loads: 0, loadFailures: 1 });

    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await harness.queueKeypoints(t, token, "WARM2");
    // The worker's model set holds the pose models, so even a keypoints analysis loads them and
    // fails with the loader's own error, as the warm-up did (the retries that follow are the
    // queue's business, not this test's).
    const deadline = Date.now() + 30_000;
    let attempt: LogLine | undefined;
    while (!(attempt = lines.find((l) => l.analysisId === id && l.level === "warn")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(attempt).toMatchObject({ error: failed!.error });
    expect(failed!.code).toBe("MODELS_MISSING");
  }, 60_000);

  it.skipIf(cuda.available)("refuse to start with INFERENCE_EXECUTION_PROVIDER=cuda where CUDA cannot run, saying why, with nothing opened", async () => {
    const t = await harness.api();
    const { lines, logger } = collectingLogger();
    const config = withInference(t.api.services.config, { executionProvider: "cuda", warmUp: true });
    const cachesBefore = getModelCacheRegistry().list().length;

    await expect(startWorker(config, { prisma: t.prisma, logger })).rejects.toMatchObject({
      code: "EXECUTION_PROVIDER_UNAVAILABLE",
      message: `execution provider "cuda" is not available: ${cuda.reason}`,
    });
    const refusal = lines.find((l) => l.level === "error");
    expect(refusal).toMatchObject({ message: "INFERENCE_EXECUTION_PROVIDER=cuda cannot run here; the worker does not start", error: expect.stringContaining(cuda.reason), hint: expect.stringContaining('"auto" or "cpu"') });
    // Refused before connecting: no worker on the queue, no model cache made.
    expect(await t.api.services.queues.analysis.getWorkersCount()).toBe(0);
    expect(getModelCacheRegistry().list()).toHaveLength(cachesBefore);
    // The runner on its own refuses the same way (the same resolution its sessions use).
    expect(() => defaultAnalysisRunner(config)).toThrow(expect.objectContaining({ code: "EXECUTION_PROVIDER_UNAVAILABLE" }));
  });
});
