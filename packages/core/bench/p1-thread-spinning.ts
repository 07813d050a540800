// p1-thread-spinning: onnxruntime's intra-op threads sleeping between operators (the session
// factory's default, `allowSpinning: false`) against busy-waiting (onnxruntime's own default),
// on the pipeline's per-frame model: the BlazePose full landmark model at as many threads as
// CPUs, fed one real 256 x 256 crop of p1's clip.
//
// Measured twice, interleaved round by round:
// - idle: nothing else on the cores;
// - contended: beside a competitor that wants one core to itself, an ffmpeg decoding p1's clip
//   in a loop with one thread (another analysis's decoder), whose own frames per second are
//   read from its -progress output, so the bench shows what spinning takes from a neighbour too.
//
// Figures: ms per frame in each of the four cases, `spin_vs_nospin_idle` and
// `spin_vs_nospin_contended` (ms spinning / ms sleeping: above 1, sleeping is faster) and the
// competitor's frames per second beside each session.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Tensor, type InferenceSession } from "onnxruntime-node";
import { benchLog, median, parseBenchArgs, printBench } from "../src/bench";
import { createInferenceSession } from "../src/inference";
import { modelFileName, verifyModels } from "../src/pose";
import { makeSampleClip } from "../src/synthetic/make-sample-clip";

const CORE = fileURLToPath(new URL("../", import.meta.url));
const MODELS_DIR = process.env.GMA_MODELS_DIR ?? path.resolve(CORE, "../../data/models");
const SIZE = 256;

const { quick } = parseBenchArgs();
const rounds = quick ? 2 : 5;
/** Frames per sample: long enough for the competitor's progress lines to count. */
const framesPerSample = quick ? 15 : 60;

/** One frame of the clip, scaled to the model's input and to [0, 1] as the landmark model takes it. */
function realCrop(clip: string): Float32Array {
  const rgb = execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-ss", "2", "-i", clip, "-frames:v", "1", "-vf", `scale=${SIZE}:${SIZE}`, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], {
    maxBuffer: 4 << 20,
  });
  if (rgb.length !== SIZE * SIZE * 3) throw new Error(`ffmpeg gave ${rgb.length} bytes for one ${SIZE}x${SIZE} frame`);
  return Float32Array.from(rgb, (v) => v / 255);
}

/** An ffmpeg decoding `clip` in a loop on one thread, counting the frames it has decoded. */
function startCompetitor(clip: string): { frames: () => number; stop: () => Promise<void> } {
  const child: ChildProcess = spawn(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-threads", "1", "-stream_loop", "-1", "-i", clip, "-threads", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-progress", "pipe:1", "-y", "/dev/null"],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let frames = 0;
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("frame=")) frames = Number(line.slice(6));
  });
  return {
    frames: () => frames,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/** Milliseconds per frame over `n` runs, and how many frames the competitor decoded meanwhile per second. */
async function sample(session: InferenceSession, input: Tensor, n: number, competitor?: { frames: () => number }): Promise<{ ms: number; competitorFps: number | null }> {
  // A settle pause lets the competitor's progress line catch up and the previous session's threads go idle.
  await new Promise((r) => setTimeout(r, 600));
  const f0 = competitor?.frames() ?? 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await session.run({ [session.inputNames[0]!]: input });
  const ms = (performance.now() - t0) / n;
  // -progress reports about every 0.5 s: wait for the line that covers the timed stretch.
  await new Promise((r) => setTimeout(r, 600));
  const seconds = (performance.now() - t0) / 1000;
  return { ms, competitorFps: competitor ? (competitor.frames() - f0) / seconds : null };
}

const manifest = await verifyModels(MODELS_DIR, { models: [] });
const file = path.join(MODELS_DIR, modelFileName("full", manifest.defaultPrecision));
const threads = os.availableParallelism();
const tmp = mkdtempSync(path.join(os.tmpdir(), "gma-p1-spin-"));
try {
  const clip = makeSampleClip(path.join(tmp, "clip.mp4"), quick ? 4 : 10);
  const input = new Tensor("float32", realCrop(clip), [1, SIZE, SIZE, 3]);
  const sessions = {
    nospin: await createInferenceSession(file, { executionProvider: "cpu", intraOpNumThreads: threads, allowSpinning: false }),
    spin: await createInferenceSession(file, { executionProvider: "cpu", intraOpNumThreads: threads, allowSpinning: true }),
  };
  benchLog(`${path.basename(file)} at ${threads} intra-op threads, ${framesPerSample} frames a sample, ${rounds} rounds`);
  for (const s of Object.values(sessions)) for (let i = 0; i < 5; i++) await s.run({ [s.inputNames[0]!]: input });

  const ms: Record<string, number[]> = { idle_nospin: [], idle_spin: [], contended_nospin: [], contended_spin: [] };
  const competitorFps: Record<string, number[]> = { nospin: [], spin: [] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so that neither always follows the other.
    const order = r % 2 === 0 ? (["nospin", "spin"] as const) : (["spin", "nospin"] as const);
    for (const mode of order) ms[`idle_${mode}`]!.push((await sample(sessions[mode], input, framesPerSample)).ms);
    const competitor = startCompetitor(clip);
    try {
      await new Promise((res) => setTimeout(res, 500));
      for (const mode of order) {
        const got = await sample(sessions[mode], input, framesPerSample, competitor);
        ms[`contended_${mode}`]!.push(got.ms);
        competitorFps[mode]!.push(got.competitorFps!);
      }
    } finally {
      await competitor.stop();
    }
    benchLog(
      `round ${r + 1}/${rounds}: idle ${ms.idle_nospin!.at(-1)!.toFixed(1)} ms sleeping / ${ms.idle_spin!.at(-1)!.toFixed(1)} ms spinning; ` +
        `beside ffmpeg ${ms.contended_nospin!.at(-1)!.toFixed(1)} / ${ms.contended_spin!.at(-1)!.toFixed(1)} ms, ffmpeg ${competitorFps.nospin!.at(-1)!.toFixed(0)} / ${competitorFps.spin!.at(-1)!.toFixed(0)} fps`,
    );
  }
  await Promise.all(Object.values(sessions).map((s) => s.release()));
  const m = { idle_nospin: median(ms.idle_nospin!), idle_spin: median(ms.idle_spin!), contended_nospin: median(ms.contended_nospin!), contended_spin: median(ms.contended_spin!) };
  printBench("p1-thread-spinning", quick, {
    model: path.basename(file),
    intra_op_threads: threads,
    frames_per_sample: framesPerSample,
    rounds,
    ms_per_frame_idle_nospin: m.idle_nospin,
    ms_per_frame_idle_spin: m.idle_spin,
    ms_per_frame_contended_nospin: m.contended_nospin,
    ms_per_frame_contended_spin: m.contended_spin,
    spin_vs_nospin_idle: m.idle_spin / m.idle_nospin,
    spin_vs_nospin_contended: m.contended_spin / m.contended_nospin,
    competitor_fps_beside_nospin: median(competitorFps.nospin!),
    competitor_fps_beside_spin: median(competitorFps.spin!),
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
