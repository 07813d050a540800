// p3-dynamic-batching: 32 concurrent clients calling one ONNX model, through the DynamicBatcher
// versus one session.run per request, interleaved in the same run.
//
// The model is the shipped anomaly model (packages/core/models/anomaly, the served variant named
// by its card): each request is one [30, 75] movement window, as the analysis sends them.
// `--model mlp` runs the stand-in used before the anomaly model existed instead: a 2250-wide
// Gemm+ReLU stack (2250 -> 2048 -> 512 -> 2048 -> 2250, about 22.6 MFLOP per request).
import os from "node:os";
import { performance } from "node:perf_hooks";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { AutoencoderScorer, autoencoderSessionOptions, loadModelCard, modelFilePath } from "../src/anomaly";
import { DynamicBatcher } from "../src/batching";
import { benchLog, median, parseBenchArgs, percentile, printBench } from "../src/bench";
import { buildMlpModel, createInferenceSession } from "../src/inference";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../src/pipeline";

const { quick, rest } = parseBenchArgs();
const modelKind = rest.includes("mlp") ? "mlp" : "anomaly";
const CLIENTS = 32;
const perClient = quick ? 3 : 40;
const rounds = quick ? 2 : 5;

/** One model under test: its session, request width, input/output names and shape per request. */
interface Subject {
  name: string;
  session: InferenceSession;
  input: string;
  output: string;
  itemShape: number[];
  /** A reference for the first probe, when one exists outside onnxruntime. */
  reference?: (x: Float32Array) => Float32Array;
}

async function loadSubject(): Promise<Subject> {
  if (modelKind === "mlp") {
    const width = 2250;
    const layers = quick ? [512, 128, 512, width] : [2048, 512, 2048, width];
    const model = buildMlpModel({ inputSize: width, layerSizes: layers, seed: 3 });
    benchLog(`stand-in model ${width} -> ${layers.join(" -> ")}: ${(model.flopsPerItem / 1e6).toFixed(1)} MFLOP/request`);
    const session = await createInferenceSession(model.bytes, { executionProvider: "cpu", intraOpNumThreads: os.cpus().length });
    return { name: "mlp", session, input: "input", output: "output", itemShape: [width], reference: (x) => model.forward(x, 1) };
  }
  const card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
  const file = modelFilePath(card);
  benchLog(`anomaly model ${card.modelVersion} (${file.split("/").at(-1)}), one [${card.windowSize}, 75] window per request`);
  // The analysis's own session settings (denormals flushed): recurrent models crawl without them.
  const session = await InferenceSession.create(file, autoencoderSessionOptions({ intraOpNumThreads: os.cpus().length }));
  return { name: card.modelVersion, session, input: card.io?.input.name ?? "windows", output: card.io?.output.name ?? "reconstruction", itemShape: [card.windowSize, 75] };
}

const subject = await loadSubject();
const width = subject.itemShape.reduce((a, b) => a * b, 1);
const session = subject.session;

function request(client: number, k: number): Float32Array {
  // Smooth, window-like values in the range the normalised skeleton takes.
  return Float32Array.from({ length: width }, (_, i) => 0.3 * Math.sin(client * 7.1 + k * 3.3 + i * 0.01));
}
const inputs = Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: perClient }, (_, k) => request(c, k)));

async function runOne(x: Float32Array): Promise<Float32Array> {
  return (await session.run({ [subject.input]: new Tensor("float32", x, [1, ...subject.itemShape]) }))[subject.output]!.data as Float32Array;
}
const batcher = new DynamicBatcher<Float32Array, Float32Array>({
  name: `p3-${subject.name}`,
  maxBatchSize: CLIENTS,
  execute: async (xs) => {
    const stacked = new Float32Array(xs.length * width);
    xs.forEach((x, i) => stacked.set(x, i * width));
    const out = (await session.run({ [subject.input]: new Tensor("float32", stacked, [xs.length, ...subject.itemShape]) }))[subject.output]!.data as Float32Array;
    return xs.map((_, i) => out.subarray(i * width, (i + 1) * width));
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
subject.reference?.(probe[0]!).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaSingle[0]![i]!) / Math.max(1, Math.abs(v)))));
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

// The worker's case: several analyses at once on one cached scorer, each sending its windows in
// batches of 64, through the scorer's dynamic batcher (one run at a time) versus straight to the
// session (concurrent runs). Anomaly model only: the MLP stand-in is not a scorer.
const analyses = { concurrent: 4, windows: quick ? 200 : 1471 };
const concurrentFigures: Record<string, number> = {};
if (modelKind === "anomaly") {
  const card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
  const viaBatcher = await AutoencoderScorer.fromModelCard(card, { intraOpNumThreads: os.cpus().length, dynamicBatching: true });
  const direct = await AutoencoderScorer.fromModelCard(card, { intraOpNumThreads: os.cpus().length, dynamicBatching: false });
  const per = card.windowSize * 75;
  const recordings = Array.from({ length: analyses.concurrent }, (_, a) => Float32Array.from({ length: analyses.windows * per }, (_, i) => 0.3 * Math.sin(a * 5.3 + i * 0.011)));
  const all = async (scorer: AutoencoderScorer) => {
    const start = performance.now();
    const errors = await Promise.all(recordings.map((r) => scorer.scoreWindows(r, analyses.windows)));
    return { ms: performance.now() - start, errors };
  };
  const [a, b] = [await all(viaBatcher), await all(direct)];
  let diff = 0;
  a.errors.forEach((e, i) => e.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - b.errors[i]![j]!)))));
  if (!(diff <= 1e-6)) {
    benchLog(`concurrent analyses: errors differ by ${diff} between the two paths: refusing to report speed`);
    process.exit(1);
  }
  const msBatched: number[] = [];
  const msDirect: number[] = [];
  for (let r = 0; r < rounds; r++) {
    msDirect.push((await all(direct)).ms);
    msBatched.push((await all(viaBatcher)).ms);
    benchLog(`concurrent analyses round ${r + 1}/${rounds}: ${analyses.concurrent} x ${analyses.windows} windows, direct ${msDirect.at(-1)!.toFixed(0)} ms, through the batcher ${msBatched.at(-1)!.toFixed(0)} ms`);
  }
  await Promise.all([viaBatcher.release(), direct.release()]);
  Object.assign(concurrentFigures, {
    analyses_concurrent: analyses.concurrent,
    analyses_windows_each: analyses.windows,
    analyses_ms_batched: median(msBatched),
    analyses_ms_direct: median(msDirect),
    analyses_speedup: median(msDirect) / median(msBatched),
  });
}

printBench("p3-dynamic-batching", quick, {
  throughput_ratio: median(batched.map((b) => b.rps)) / median(unbatched.map((u) => u.rps)),
  p95_ms_batched: median(batched.map((b) => b.p95)),
  p95_ms_unbatched: median(unbatched.map((u) => u.p95)),
  avg_batch_size: stats.avgBatchSize,
  rps_batched: median(batched.map((b) => b.rps)),
  rps_unbatched: median(unbatched.map((u) => u.rps)),
  model: subject.name,
  clients: CLIENTS,
  requests_per_round: CLIENTS * perClient,
  rounds,
  ...concurrentFigures,
});
