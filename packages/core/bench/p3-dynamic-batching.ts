// p3-dynamic-batching: 32 concurrent clients calling one ONNX model, through the DynamicBatcher
// versus one session.run per request, interleaved in the same run.
//
// The model is the shipped anomaly model (packages/core/models/anomaly, the served variant named
// by its card): each request is one [30, 75] movement window, as the analysis sends them.
//
// Both paths are also measured on worker-thread model instances (SessionInstancePool, one
// onnxruntime thread per CPU each, Triton's instance count): onnxruntime-node computes on the
// thread that calls run, so one session runs one request at a time however many clients wait.
// `throughput_ratio` compares batched with unbatched on the same single session, the figure the
// goal is read on; `throughput_ratio_vs_spinning_unbatched` compares it with one run per request
// on a session whose threads spin (onnxruntime's default, faster for single windows than the
// product's sleeping threads), so the goal figure is never flattered by a slower baseline;
// `throughput_ratio_instances` does the same on the instances, and `instances_gain_batched` is
// what the instances add to the batcher.
//
// `ceiling_ratio` is what batching can give at all: bare runs of the 32 requests stacked against
// bare runs of one, on the same session in the same rounds; `batcher_efficiency` is the share of it
// that `throughput_ratio` reaches.
//
// `--model mlp` runs the stand-in used before the anomaly model existed instead: a 2250-wide
// Gemm+ReLU stack (2250 -> 2048 -> 512 -> 2048 -> 2250, about 22.6 MFLOP per request).
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { AutoencoderScorer, autoencoderSessionOptions, loadModelCard, modelFilePath } from "../src/anomaly";
import { DynamicBatcher } from "../src/batching";
import { benchLog, median, parseBenchArgs, percentile, printBench } from "../src/bench";
import { buildMlpModel, createInferenceSession, SessionInstancePool } from "../src/inference";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../src/pipeline";

const { quick, rest } = parseBenchArgs();
const modelKind = rest.includes("mlp") ? "mlp" : "anomaly";
const CLIENTS = 32;
const perClient = quick ? 3 : 40;
const rounds = quick ? 2 : 5;
/** Worker-thread instances: one per CPU, each running onnxruntime on one thread. */
const INSTANCES = os.availableParallelism();

/** One model under test: its session, request width, input/output names and shape per request. */
interface Subject {
  name: string;
  session: InferenceSession;
  /** The same model with onnxruntime's threads spinning (its own default), for the best one-per-run baseline. */
  spinningSession: InferenceSession;
  /** The same model as worker-thread instances, one onnxruntime thread each. */
  pool: SessionInstancePool;
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
    const spinningSession = await createInferenceSession(model.bytes, { executionProvider: "cpu", intraOpNumThreads: os.cpus().length, allowSpinning: true });
    const pool = await SessionInstancePool.create(model.bytes, { instances: INSTANCES, sessionOptions: { executionProviders: ["cpu"], intraOpNumThreads: 1 }, name: "p3-mlp" });
    return { name: "mlp", session, spinningSession, pool, input: "input", output: "output", itemShape: [width], reference: (x) => model.forward(x, 1) };
  }
  const card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
  const file = modelFilePath(card);
  benchLog(`anomaly model ${card.modelVersion} (${file.split("/").at(-1)}), one [${card.windowSize}, 75] window per request`);
  // The analysis's own session settings (denormals flushed): recurrent models crawl without them.
  const session = await InferenceSession.create(file, autoencoderSessionOptions({ intraOpNumThreads: os.cpus().length }));
  const spinningSession = await InferenceSession.create(file, autoencoderSessionOptions({ intraOpNumThreads: os.cpus().length, allowSpinning: true }));
  const pool = await SessionInstancePool.create(file, { instances: INSTANCES, sessionOptions: autoencoderSessionOptions({ intraOpNumThreads: 1 }), name: "p3-anomaly" });
  return { name: card.modelVersion, session, spinningSession, pool, input: card.io?.input.name ?? "windows", output: card.io?.output.name ?? "reconstruction", itemShape: [card.windowSize, 75] };
}

const subject = await loadSubject();
const width = subject.itemShape.reduce((a, b) => a * b, 1);
const session = subject.session;

function request(client: number, k: number): Float32Array {
  // Smooth, window-like values in the range the normalised skeleton takes.
  return Float32Array.from({ length: width }, (_, i) => 0.3 * Math.sin(client * 7.1 + k * 3.3 + i * 0.01));
}
const inputs = Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: perClient }, (_, k) => request(c, k)));

const pool = subject.pool;
const itemDims = (n: number) => [n, ...subject.itemShape];
/** `n` requests stacked in `x`, in one run on a session in this thread (the product's, unless given). */
async function runSession(x: Float32Array, n: number, on: InferenceSession = session): Promise<Float32Array> {
  return (await on.run({ [subject.input]: new Tensor("float32", x, itemDims(n)) }))[subject.output]!.data as Float32Array;
}
/** `n` requests stacked in `x`, in one run on the first free instance. */
async function runPool(x: Float32Array, n: number): Promise<Float32Array> {
  return (await pool.run({ [subject.input]: { type: "float32", data: x, dims: itemDims(n) } }, [subject.output]))[subject.output]!.data as Float32Array;
}
const runOne = (x: Float32Array) => runSession(x, 1);
const runOneSpinning = (x: Float32Array) => runSession(x, 1, subject.spinningSession);
const runOneOnInstances = (x: Float32Array) => runPool(x, 1);
/** One batch of requests through `run`: stacked into one input, the output cut back per request. */
async function runStacked(run: (x: Float32Array, n: number) => Promise<Float32Array>, xs: Float32Array[]): Promise<Float32Array[]> {
  const stacked = new Float32Array(xs.length * width);
  xs.forEach((x, i) => stacked.set(x, i * width));
  const out = await run(stacked, xs.length);
  return xs.map((_, i) => out.subarray(i * width, (i + 1) * width));
}
const batcher = new DynamicBatcher<Float32Array, Float32Array>({
  name: `p3-${subject.name}`,
  maxBatchSize: CLIENTS,
  execute: (xs) => runStacked(runSession, xs),
});
// Triton's instance group: as many batches in flight as there are instances. Closed-loop clients
// all wait on the batch they are in, so the batcher shares them out among the free instances
// (spreadAcrossSlots, its default) rather than sending one batch of all 32.
const instanceBatcher = new DynamicBatcher<Float32Array, Float32Array>({
  name: `p3-${subject.name}-instances`,
  maxBatchSize: CLIENTS,
  maxConcurrentBatches: INSTANCES,
  execute: (xs) => runStacked(runPool, xs),
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

// A fast wrong answer is a failure: every path and the JS reference must agree.
const probe = inputs.map((mine) => mine[0]!);
const viaSingle = await Promise.all(probe.map(runOne));
let worst = 0;
for (const other of [await Promise.all(probe.map(runOneSpinning)), await Promise.all(probe.map((x) => batcher.submit(x))), await Promise.all(probe.map((x) => instanceBatcher.submit(x))), await Promise.all(probe.map(runOneOnInstances))]) {
  probe.forEach((_, n) => other[n]!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaSingle[n]![i]!)))));
}
subject.reference?.(probe[0]!).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaSingle[0]![i]!) / Math.max(1, Math.abs(v)))));
benchLog(`outputs agree: max difference ${worst.toExponential(2)}`);
if (!(worst < 1e-3)) {
  benchLog("batched and unbatched outputs differ: refusing to report speed");
  process.exit(1);
}

const paths = {
  unbatched: runOne,
  // Single-window runs wake the sleeping intra-op threads at every operator, so one run per
  // request is faster with them spinning: the goal figure is also read against that baseline.
  unbatchedSpinning: runOneSpinning,
  batched: (x: Float32Array) => batcher.submit(x),
  unbatchedInstances: runOneOnInstances,
  batchedInstances: (x: Float32Array) => instanceBatcher.submit(x),
};
type PathName = keyof typeof paths;
const names = Object.keys(paths) as PathName[];
benchLog(`warm-up (${INSTANCES} worker-thread instances for the instance paths)`);
for (const name of names) await round(paths[name]);
batcher.resetStats();
instanceBatcher.resetStats();

// Every timed round starts after a pause, so that none begins while the last one's threads are
// still busy (a spinning session's keep spinning for up to about 0.1 s after its last run).
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
// What the model allows: runs of all 32 requests stacked against runs of one, timed as bare loops
// on the same session (no clients, no batcher, the inputs stacked once), as rounds of the same
// 32 x perClient requests taking their turns among the client paths: the host's speed drifts over
// a run, and a ceiling timed in a phase of its own was up to a quarter off the rounds beside it.
// Their ratio is the most any batcher can reach with 32 clients on this session;
// `batcher_efficiency` is how much of it the DynamicBatcher keeps.
const stackedAll = new Float32Array(CLIENTS * width);
probe.forEach((x, i) => stackedAll.set(x, i * width));
const bareLoops = {
  bareOne: async () => {
    const t = performance.now();
    for (let k = 0; k < perClient; k++) for (const x of probe) await runSession(x, 1);
    return (perClient * CLIENTS * 1000) / (performance.now() - t);
  },
  bareStacked: async () => {
    const t = performance.now();
    for (let k = 0; k < perClient; k++) await runSession(stackedAll, CLIENTS);
    return (perClient * CLIENTS * 1000) / (performance.now() - t);
  },
};
type BareName = keyof typeof bareLoops;
const bare: Record<BareName, number[]> = { bareOne: [], bareStacked: [] };
const measured = Object.fromEntries(names.map((n) => [n, [] as Array<{ rps: number; p95: number }>])) as Record<PathName, Array<{ rps: number; p95: number }>>;
const turns: Array<PathName | BareName> = [...names, "bareOne", "bareStacked"];
const isBare = (name: PathName | BareName): name is BareName => name in bareLoops;
for (let r = 0; r < rounds; r++) {
  // The paths take turns going first (the order rotates each round), so that none always runs
  // right after the same other one.
  for (const name of [...turns.slice(r % turns.length), ...turns.slice(0, r % turns.length)]) {
    await settle();
    if (isBare(name)) {
      bare[name].push(await bareLoops[name]());
      continue;
    }
    const m = await round(paths[name]);
    measured[name].push({ rps: m.rps, p95: percentile(m.latencies, 95) });
  }
  benchLog(`round ${r + 1}/${rounds}: ${names.map((n) => `${n} ${measured[n].at(-1)!.rps.toFixed(0)} req/s`).join(", ")}, bare one per run ${bare.bareOne.at(-1)!.toFixed(0)}, bare stacked ${bare.bareStacked.at(-1)!.toFixed(0)}`);
}
const ceiling = median(bare.bareStacked) / median(bare.bareOne);
benchLog(`bare runs: ${median(bare.bareOne).toFixed(0)} requests/s one per run, ${median(bare.bareStacked).toFixed(0)} in runs of ${CLIENTS}: at most ${ceiling.toFixed(2)}x from batching ${CLIENTS} clients on this session`);

const stats = batcher.stats();
const instanceStats = instanceBatcher.stats();
await Promise.all([batcher.close(), instanceBatcher.close()]);
await Promise.all([session.release(), subject.spinningSession.release(), pool.release()]);
const rps = (n: PathName) => median(measured[n].map((m) => m.rps));
const p95 = (n: PathName) => median(measured[n].map((m) => m.p95));

// The worker's case: several analyses at once on one cached scorer, each sending its windows in
// batches of 64, through the scorer's dynamic batcher versus straight to the session, both on one
// session in this thread, and then on worker-thread instances with the batcher (the worker's
// INFERENCE_ANOMALY_INSTANCES). Anomaly model only: the MLP stand-in is not a scorer.
const analyses = { concurrent: 4, windows: quick ? 200 : 1471 };
const concurrentFigures: Record<string, number> = {};
if (modelKind === "anomaly") {
  const card = loadModelCard(DEFAULT_ANOMALY_MODEL_DIR);
  const viaBatcher = await AutoencoderScorer.fromModelCard(card, { intraOpNumThreads: os.cpus().length, dynamicBatching: true });
  const direct = await AutoencoderScorer.fromModelCard(card, { intraOpNumThreads: os.cpus().length, dynamicBatching: false });
  const onInstances = await AutoencoderScorer.fromModelCard(card, { instances: INSTANCES, dynamicBatching: true });
  const per = card.windowSize * 75;
  const recordings = Array.from({ length: analyses.concurrent }, (_, a) => Float32Array.from({ length: analyses.windows * per }, (_, i) => 0.3 * Math.sin(a * 5.3 + i * 0.011)));
  // How long this thread's event loop stalls while the analyses score: an API or worker process
  // cannot answer anything else meanwhile.
  const loopDelay = new Map<AutoencoderScorer, number[]>();
  const all = async (scorer: AutoencoderScorer) => {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    const errors = await Promise.all(recordings.map((r) => scorer.scoreWindows(r, analyses.windows)));
    const ms = performance.now() - start;
    delay.disable();
    loopDelay.set(scorer, [...(loopDelay.get(scorer) ?? []), delay.max / 1e6]);
    return { ms, errors };
  };
  const [a, b, c] = [await all(viaBatcher), await all(direct), await all(onInstances)];
  let diff = 0;
  for (const other of [a, c]) other.errors.forEach((e, i) => e.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - b.errors[i]![j]!)))));
  if (!(diff <= 1e-6)) {
    benchLog(`concurrent analyses: errors differ by ${diff} between the two paths: refusing to report speed`);
    process.exit(1);
  }
  const msBatched: number[] = [];
  const msDirect: number[] = [];
  const msInstances: number[] = [];
  for (let r = 0; r < rounds; r++) {
    msDirect.push((await all(direct)).ms);
    msBatched.push((await all(viaBatcher)).ms);
    msInstances.push((await all(onInstances)).ms);
    benchLog(
      `concurrent analyses round ${r + 1}/${rounds}: ${analyses.concurrent} x ${analyses.windows} windows, direct ${msDirect.at(-1)!.toFixed(0)} ms, through the batcher ${msBatched.at(-1)!.toFixed(0)} ms, batcher on ${INSTANCES} instances ${msInstances.at(-1)!.toFixed(0)} ms`,
    );
  }
  const loopMaxMs = (s: AutoencoderScorer) => median(loopDelay.get(s)!.slice(1));
  const loopFigures = { event_loop_max_ms_direct: loopMaxMs(direct), event_loop_max_ms_instances: loopMaxMs(onInstances) };
  benchLog(`longest event-loop stall while scoring: ${loopFigures.event_loop_max_ms_direct.toFixed(1)} ms on this thread's session, ${loopFigures.event_loop_max_ms_instances.toFixed(1)} ms with the instances`);
  await Promise.all([viaBatcher.release(), direct.release(), onInstances.release()]);
  Object.assign(concurrentFigures, {
    analyses_concurrent: analyses.concurrent,
    analyses_windows_each: analyses.windows,
    analyses_ms_batched: median(msBatched),
    analyses_ms_direct: median(msDirect),
    analyses_speedup: median(msDirect) / median(msBatched),
    analyses_ms_instances: median(msInstances),
    analyses_speedup_instances: median(msDirect) / median(msInstances),
    ...loopFigures,
  });
}

printBench("p3-dynamic-batching", quick, {
  throughput_ratio: rps("batched") / rps("unbatched"),
  p95_ms_batched: p95("batched"),
  p95_ms_unbatched: p95("unbatched"),
  avg_batch_size: stats.avgBatchSize,
  rps_batched: rps("batched"),
  rps_unbatched: rps("unbatched"),
  rps_unbatched_spinning: rps("unbatchedSpinning"),
  p95_ms_unbatched_spinning: p95("unbatchedSpinning"),
  throughput_ratio_vs_spinning_unbatched: rps("batched") / rps("unbatchedSpinning"),
  bare_rps_one_per_run: median(bare.bareOne),
  bare_rps_stacked: median(bare.bareStacked),
  ceiling_ratio: ceiling,
  batcher_efficiency: rps("batched") / rps("unbatched") / ceiling,
  instances: INSTANCES,
  throughput_ratio_instances: rps("batchedInstances") / rps("unbatchedInstances"),
  instances_gain_batched: rps("batchedInstances") / rps("batched"),
  rps_batched_instances: rps("batchedInstances"),
  rps_unbatched_instances: rps("unbatchedInstances"),
  p95_ms_batched_instances: p95("batchedInstances"),
  p95_ms_unbatched_instances: p95("unbatchedInstances"),
  avg_batch_size_instances: instanceStats.avgBatchSize,
  model: subject.name,
  clients: CLIENTS,
  requests_per_round: CLIENTS * perClient,
  rounds,
  ...concurrentFigures,
});
