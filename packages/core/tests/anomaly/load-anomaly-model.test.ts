import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAnomalyModel, type WindowAnomalyScorer } from "../../src/anomaly";
import { ModelCache } from "../../src/cache";
import { buildScaleModel, modelCardJson } from "./support/scale-model";

describe("loadAnomalyModel", () => {
  let dir: string | undefined;
  let cache: ModelCache<WindowAnomalyScorer> | undefined;
  afterEach(async () => {
    await cache?.dispose();
    cache = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("loads a card's model once through the model cache and shares it", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-load-"));
    writeFileSync(join(dir, "m.onnx"), buildScaleModel(0.5));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("m.onnx")));
    cache = new ModelCache<WindowAnomalyScorer>({ register: false });
    const [a, b] = await Promise.all([loadAnomalyModel(dir, { modelCache: cache }), loadAnomalyModel(dir, { modelCache: cache })]);
    expect(a).toBe(b);
    expect(cache.stats().loads).toBe(1);
    expect(a.modelVersion).toBe("test-scale@000000000001");
    expect((await a.scoreWindows(new Float32Array(2250).fill(0.2), 1))[0]).toBeCloseTo(0.01, 7);
  });

  it("gives scorers with worker-thread instances or dynamic batching entries of their own, and counts one copy of the weights per instance", async () => {
    dir = mkdtempSync(join(tmpdir(), "gma-load-"));
    writeFileSync(join(dir, "m.onnx"), buildScaleModel(0.5));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("m.onnx")));
    cache = new ModelCache<WindowAnomalyScorer>({ register: false, maxModels: 4 });
    const plain = await loadAnomalyModel(dir, { modelCache: cache });
    const onInstances = await loadAnomalyModel(dir, { modelCache: cache, instances: 2 });
    const batched = await loadAnomalyModel(dir, { modelCache: cache, dynamicBatching: true });
    expect(new Set([plain, onInstances, batched]).size).toBe(3);
    expect(onInstances.autoencoder.options.instances).toBe(2);
    expect(batched.autoencoder.options.dynamicBatching).toBe(true);
    expect(cache.stats().loads).toBe(3);
    expect(cache.stats().residentBytes).toBe(4 * statSync(join(dir, "m.onnx")).size);
  });
});
