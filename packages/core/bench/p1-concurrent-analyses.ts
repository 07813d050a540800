// p1-concurrent-analyses: a worker running several video analyses at once (WORKER_CONCURRENCY),
// each through the worker's cached pipeline model set, with the pose models on the worker's own
// thread (the baseline: onnxruntime-node computes a run on the thread that calls it, so the
// analyses' frames take turns there) versus as worker-thread instances, one per analysis
// (poseInstances, the worker's INFERENCE_POSE_INSTANCES), interleaved round by round.
//
// The clip is p1-pipeline's (messi5.jpg with ffmpeg zoompan + rotate, 25 fps), 20 s long
// (--quick: 6 s, the quality gate's minimum duration lowered to 5 s). Figures: `throughput_ratio`
// (analyses per second with instances / on the worker's thread), the wall time of the concurrent
// analyses in each mode, and the single analysis in each mode (instances cost a copy per frame).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { ModelCache } from "../src/cache";
import { analyzeVideoFile, DEFAULT_ANOMALY_MODEL_DIR, pipelineModelsEntry, withPipelineModels, type PipelineModelSet, type PipelineModelsOptions } from "../src/pipeline";
import { ReportSchema, type Report } from "../src/report";
import { makeSampleClip } from "../src/synthetic/make-sample-clip";

const CORE = fileURLToPath(new URL("../", import.meta.url));
const MODELS_DIR = process.env.GMA_MODELS_DIR ?? path.resolve(CORE, "../../data/models");

const { quick, rest } = parseBenchArgs();
const concurrentArg = rest.find((a) => /^\d+$/.test(a));
/** Analyses at once: the number of CPUs (at least 2), or the number given. */
const CONCURRENT = concurrentArg ? Number(concurrentArg) : Math.max(2, os.availableParallelism());
const seconds = quick ? 6 : 20;
const rounds = quick ? 1 : 3;

/** One worker configuration: its model cache holding one pipeline set, loaded before timing. */
async function worker(poseInstances: number): Promise<{ analyse: (n: number) => Promise<{ ms: number; reports: Report[] }>; dispose: () => Promise<void> }> {
  const cache = new ModelCache<PipelineModelSet>({ name: `p1-concurrent-${poseInstances}`, maxModels: 1, register: false });
  const options: PipelineModelsOptions = { modelsDir: MODELS_DIR, anomalyModelDir: DEFAULT_ANOMALY_MODEL_DIR, poseInstances };
  await cache.warmUp([pipelineModelsEntry(options)]);
  const one = (models: PipelineModelSet) =>
    analyzeVideoFile(clip, {
      modelsDir: MODELS_DIR,
      ageWeeks: 12,
      model: models.scorer,
      windowStride: models.windowStride,
      pose: { loader: models.poseLoader, verify: false },
      ...(quick ? { analysis: { quality: { minDurationS: 5 } } } : {}),
    });
  return {
    analyse: async (n) => {
      const start = performance.now();
      const reports = await Promise.all(Array.from({ length: n }, () => withPipelineModels(cache, options, one)));
      return { ms: performance.now() - start, reports };
    },
    dispose: () => cache.dispose(),
  };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "gma-p1-concurrent-"));
const clip = path.join(tmp, "clip.mp4");
try {
  benchLog(`making a ${seconds} s clip from messi5.jpg (zoompan + rotate, 25 fps)`);
  makeSampleClip(clip, seconds);
  const onThread = await worker(0);
  const onInstances = await worker(CONCURRENT);
  try {
    // A fast wrong answer is a failure: both modes must find the same joints, so the same errors.
    const [a, b] = [await onThread.analyse(1), await onInstances.analyse(1)];
    const ea = a.reports[0]!.timeline.errors;
    const eb = b.reports[0]!.timeline.errors;
    for (const r of [...a.reports, ...b.reports]) ReportSchema.parse(r);
    const worst = ea.reduce((m, v, i) => Math.max(m, Math.abs(v - (eb[i] ?? Number.NaN))), ea.length === eb.length ? 0 : Number.POSITIVE_INFINITY);
    benchLog(`window errors agree between the modes: max difference ${worst.toExponential(2)} over ${ea.length} windows`);
    if (!(worst <= 1e-4) || ea.length === 0) {
      benchLog("the two modes analysed the clip differently: refusing to report speed");
      process.exit(1);
    }
    const ms = { thread: [] as number[], instances: [] as number[], singleThread: [] as number[], singleInstances: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      // The modes take turns going first, so that neither always runs right after the other.
      const pair = async (n: number, thread: number[], instances: number[]) => {
        if (r % 2 === 0) {
          thread.push((await onThread.analyse(n)).ms);
          instances.push((await onInstances.analyse(n)).ms);
        } else {
          instances.push((await onInstances.analyse(n)).ms);
          thread.push((await onThread.analyse(n)).ms);
        }
      };
      await pair(CONCURRENT, ms.thread, ms.instances);
      await pair(1, ms.singleThread, ms.singleInstances);
      benchLog(
        `round ${r + 1}/${rounds}: ${CONCURRENT} analyses at once ${ms.thread.at(-1)!.toFixed(0)} ms on the worker's thread, ${ms.instances.at(-1)!.toFixed(0)} ms with ${CONCURRENT} pose instances; one alone ${ms.singleThread.at(-1)!.toFixed(0)} / ${ms.singleInstances.at(-1)!.toFixed(0)} ms`,
      );
    }
    printBench("p1-concurrent-analyses", quick, {
      clip_s: seconds,
      concurrent: CONCURRENT,
      throughput_ratio: median(ms.thread) / median(ms.instances),
      concurrent_ms_on_thread: median(ms.thread),
      concurrent_ms_instances: median(ms.instances),
      single_ms_on_thread: median(ms.singleThread),
      single_ms_instances: median(ms.singleInstances),
      single_ratio: median(ms.singleThread) / median(ms.singleInstances),
      rounds,
    });
  } finally {
    await Promise.all([onThread.dispose(), onInstances.dispose()]);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
