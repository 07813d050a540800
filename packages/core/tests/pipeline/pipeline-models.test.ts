import { afterEach, describe, expect, it } from "vitest";
import { ModelCache } from "../../src/cache";
import { getInstancePoolRegistry } from "../../src/inference";
import { analyzeVideoFile, DEFAULT_ANOMALY_MODEL_DIR, pipelineModelsEntry, withPipelineModels, type PipelineModelSet, type PipelineModelsOptions } from "../../src/pipeline";
import { ensurePoseModels, messiClip, tempDir } from "../cli/support/cli-fixtures";

/** Runs on the pose instances of a model set so far, read from the metrics registry. */
function poseInstanceRuns(): number {
  return Object.values(getInstancePoolRegistry().stats())
    .filter((p) => p.name.startsWith("pose:"))
    .reduce((n, p) => n + p.runs, 0);
}

describe("pipeline model set with pose instances", { timeout: 300_000 }, () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  const caches: Array<ModelCache<PipelineModelSet>> = [];
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.dispose()));
    tmp?.remove();
  });

  async function modelSet(poseInstances: number): Promise<{ options: PipelineModelsOptions; cache: ModelCache<PipelineModelSet> }> {
    const options: PipelineModelsOptions = { modelsDir: await ensurePoseModels(), anomalyModelDir: DEFAULT_ANOMALY_MODEL_DIR, poseInstances };
    const cache = new ModelCache<PipelineModelSet>({ maxModels: 1, register: false });
    caches.push(cache);
    return { options, cache };
  }

  it("runs an analysis alone on the calling thread's sessions and analyses at once on the instances, with the same results", async () => {
    tmp = tempDir("gma-pose-instances-");
    const clip = messiClip(tmp.file("messi.mp4"), 3, "274x172");
    const analyse = (set: { options: PipelineModelsOptions; cache: ModelCache<PipelineModelSet> }) =>
      withPipelineModels(set.cache, set.options, (m) =>
        analyzeVideoFile(clip, { modelsDir: set.options.modelsDir, ageWeeks: 12, model: m.scorer, windowStride: m.windowStride, pose: { loader: m.poseLoader, verify: false }, analysis: { quality: { minDurationS: 1 } } }),
      );
    const plain = await modelSet(0);
    const reference = await analyse(plain);
    expect(poseInstanceRuns()).toBe(0);

    const pooled = await modelSet(2);
    const before = poseInstanceRuns();
    const alone = await analyse(pooled);
    // One analysis alone keeps every thread on the calling thread's sessions.
    expect(poseInstanceRuns()).toBe(before);
    // While another analysis holds the same pose models, every frame (75, and a detection to
    // start the track) goes to the instances. The other analysis is a second runner taken for
    // each model and held for the whole run: two real analyses racing overlap by a varying
    // number of frames on a loaded machine.
    const beside = await withPipelineModels(pooled.cache, pooled.options, async (m) =>
      analyzeVideoFile(clip, {
        modelsDir: pooled.options.modelsDir,
        ageWeeks: 12,
        model: m.scorer,
        windowStride: m.windowStride,
        pose: {
          loader: {
            load: async (file) => {
              const other = await m.poseLoader.load(file);
              const mine = await m.poseLoader.load(file);
              return { run: mine.run, release: async () => Promise.all([mine.release(), other.release()]).then(() => undefined) };
            },
          },
          verify: false,
        },
        analysis: { quality: { minDurationS: 1 } },
      }),
    );
    expect(poseInstanceRuns() - before).toBeGreaterThanOrEqual(75);
    // Two real analyses at once give the same results, wherever their frames ran.
    const together = await Promise.all([analyse(pooled), analyse(pooled)]);
    for (const r of [alone, beside, ...together]) expect(r.timeline.errors).toEqual(reference.timeline.errors);

    const entry = await withPipelineModels(pooled.cache, pooled.options, async (m) => m.poseSessions);
    expect(entry).toMatchObject({ instances: 2, instanceSessionOptions: { intraOpNumThreads: expect.any(Number) } });
    // Each instance holds its own copy of the pose weights: three copies in all.
    const bytes = (c: ModelCache<PipelineModelSet>) => c.stats().residentBytes;
    const anomaly = bytes(plain.cache) - (bytes(pooled.cache) - bytes(plain.cache)) / 2;
    expect(bytes(pooled.cache) - anomaly).toBe(3 * (bytes(plain.cache) - anomaly));
  });

  it("refuses a pose instance count that is not a whole number", async () => {
    const { options } = await modelSet(-1);
    const cache = new ModelCache<PipelineModelSet>({ maxModels: 1, register: false });
    caches.push(cache);
    await expect(cache.warmUp([pipelineModelsEntry(options)])).rejects.toThrow(/poseInstances must be an integer >= 0/);
  });
});
