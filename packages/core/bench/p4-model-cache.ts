// p4-model-cache: cold load of a real ONNX session versus a warm ModelCache hit, interleaved,
// and how many loads 50 concurrent cold gets of one key cause (single flight: must be 1).
import { performance } from "node:perf_hooks";
import type { InferenceSession } from "onnxruntime-node";
import { ModelCache } from "../src/cache";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { buildMlpModel, createSessionFactory, onnxModelLoader } from "../src/inference";

const { quick } = parseBenchArgs();
const rounds = quick ? 3 : 9;
const hitsPerSample = quick ? 2_000 : 20_000;
// The p3 model: about the anomaly model's cost, 45 MiB of weights (quick: 9 MiB).
const model = buildMlpModel({ inputSize: 2250, layerSizes: quick ? [512, 128, 512, 2250] : [2048, 512, 2048, 2250], seed: 3 });
const loader = onnxModelLoader(model.bytes, createSessionFactory({ executionProvider: "cpu" }));
const cache = new ModelCache<InferenceSession>({ name: "p4-models", maxModels: 1 });
benchLog(`model ${(model.bytes.length / 2 ** 20).toFixed(1)} MiB, ${rounds} rounds, ${hitsPerSample} hits per sample`);

async function coldLoadMs(): Promise<number> {
  cache.evict("anomaly");
  await cache.settled();
  const t = performance.now();
  await cache.get("anomaly", loader);
  return performance.now() - t;
}

async function warmHitMs(): Promise<number> {
  await cache.get("anomaly", loader);
  const t = performance.now();
  for (let i = 0; i < hitsPerSample; i++) await cache.get("anomaly", loader);
  return (performance.now() - t) / hitsPerSample;
}

benchLog("warm-up");
await coldLoadMs();
await warmHitMs();
const loads: number[] = [];
const hits: number[] = [];
for (let r = 0; r < rounds; r++) {
  loads.push(await coldLoadMs());
  hits.push(await warmHitMs());
  benchLog(`round ${r + 1}/${rounds}: load ${loads.at(-1)!.toFixed(1)} ms, hit ${(hits.at(-1)! * 1e3).toFixed(2)} us`);
}

cache.clear();
await cache.settled();
const before = cache.stats().loads;
const sessions = await Promise.all(Array.from({ length: 50 }, () => cache.get("anomaly", loader)));
const loadsFor50 = cache.stats().loads - before;
if (new Set(sessions).size !== 1) {
  benchLog("concurrent gets returned different sessions");
  process.exit(1);
}
benchLog(`50 concurrent cold gets -> ${loadsFor50} load(s)`);
await cache.dispose();

printBench("p4-model-cache", quick, {
  hit_vs_load_ratio: median(loads) / median(hits),
  loads_for_50_concurrent: loadsFor50,
  load_ms: median(loads),
  hit_us: median(hits) * 1e3,
  model_mib: model.bytes.length / 2 ** 20,
  rounds,
});
