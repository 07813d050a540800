// p3-dynamic-batching: 32 concurrent clients calling one ONNX model, through the DynamicBatcher
// versus one session.run per request, interleaved in the same run.
//
// The anomaly model is not wired in yet, so the model is an MLP of comparable cost built here:
// a 2250-wide window (30 frames x 75 channels, the anomaly model's input) through
// 2250 -> 2048 -> 512 -> 2048 -> 2250 Gemm+ReLU layers, about 22.6 MFLOP per request
// (the reference LSTM autoencoder is about 37.5 MFLOP per window).
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Tensor, type InferenceSession } from "onnxruntime-node";
import { DynamicBatcher } from "../src/batching";
import { benchLog, median, parseBenchArgs, percentile, printBench } from "../src/bench";
import { buildMlpModel, createInferenceSession } from "../src/inference";

const { quick } = parseBenchArgs();
const CLIENTS = 32;
const WIDTH = 2250;
const layers = quick ? [512, 128, 512, WIDTH] : [2048, 512, 2048, WIDTH];
const perClient = quick ? 3 : 12;
const rounds = quick ? 2 : 5;

const model = buildMlpModel({ inputSize: WIDTH, layerSizes: layers, seed: 3 });
benchLog(`model ${WIDTH} -> ${layers.join(" -> ")}: ${(model.flopsPerItem / 1e6).toFixed(1)} MFLOP/request, ${(model.bytes.length / 2 ** 20).toFixed(1)} MiB`);
const session: InferenceSession = await createInferenceSession(model.bytes, { executionProvider: "cpu", intraOpNumThreads: os.cpus().length });

function request(client: number, k: number): Float32Array {
  return Float32Array.from({ length: WIDTH }, (_, i) => Math.sin(client * 7.1 + k * 3.3 + i * 0.01));
}
const inputs = Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: perClient }, (_, k) => request(c, k)));

async function runOne(x: Float32Array): Promise<Float32Array> {
  return (await session.run({ input: new Tensor("float32", x, [1, WIDTH]) })).output!.data as Float32Array;
}
const batcher = new DynamicBatcher<Float32Array, Float32Array>({
  name: "p3-mlp",
  maxBatchSize: CLIENTS,
  execute: async (xs) => {
    const stacked = new Float32Array(xs.length * WIDTH);
    xs.forEach((x, i) => stacked.set(x, i * WIDTH));
    const out = (await session.run({ input: new Tensor("float32", stacked, [xs.length, WIDTH]) })).output!.data as Float32Array;
    return xs.map((_, i) => out.subarray(i * WIDTH, (i + 1) * WIDTH));
  },
});

/** All clients at once, each sending its requests one after another (closed loop). */
async function round(call: (x: Float32Array) => Promise<Float32Array>): Promise<{ rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    inputs.map(async (mine) => {
      for (const x of mine) {
        const t = performance.now();
        await call(x);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { rps: latencies.length / ((performance.now() - start) / 1000), latencies };
}

// A fast wrong answer is a failure: batched, unbatched and the JS reference must agree.
const probe = inputs.map((mine) => mine[0]!);
const [viaBatcher, viaSingle] = [await Promise.all(probe.map((x) => batcher.submit(x))), await Promise.all(probe.map(runOne))];
let worst = 0;
probe.forEach((_, n) => viaBatcher[n]!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaSingle[n]![i]!)))));
const reference = model.forward(probe[0]!, 1);
reference.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaSingle[0]![i]!) / Math.max(1, Math.abs(v)))));
benchLog(`outputs agree: max difference ${worst.toExponential(2)}`);
if (!(worst < 1e-3)) {
  benchLog("batched and unbatched outputs differ: refusing to report speed");
  process.exit(1);
}

benchLog("warm-up");
await round(runOne);
await round((x) => batcher.submit(x));
batcher.resetStats();

const batched: Array<{ rps: number; p95: number }> = [];
const unbatched: Array<{ rps: number; p95: number }> = [];
for (let r = 0; r < rounds; r++) {
  const u = await round(runOne);
  unbatched.push({ rps: u.rps, p95: percentile(u.latencies, 95) });
  const b = await round((x) => batcher.submit(x));
  batched.push({ rps: b.rps, p95: percentile(b.latencies, 95) });
  benchLog(`round ${r + 1}/${rounds}: unbatched ${u.rps.toFixed(0)} req/s, batched ${b.rps.toFixed(0)} req/s`);
}
const stats = batcher.stats();
await batcher.close();
await session.release();

printBench("p3-dynamic-batching", quick, {
  throughput_ratio: median(batched.map((b) => b.rps)) / median(unbatched.map((u) => u.rps)),
  p95_ms_batched: median(batched.map((b) => b.p95)),
  p95_ms_unbatched: median(unbatched.map((u) => u.p95)),
  avg_batch_size: stats.avgBatchSize,
  rps_batched: median(batched.map((b) => b.rps)),
  rps_unbatched: median(unbatched.map((u) => u.rps)),
  mflop_per_request: model.flopsPerItem / 1e6,
  clients: CLIENTS,
  requests_per_round: CLIENTS * perClient,
  rounds,
});
