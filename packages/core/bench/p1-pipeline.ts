// p1-pipeline: the whole pipeline (decode, pose, skeleton, windows, quality gate, anomaly model,
// findings, report) on a 60 s clip at 25 fps made from messi5.jpg with ffmpeg zoompan + rotate,
// through analyzeVideoFile exactly as `gma analyze` runs it. The baseline is real time: a
// realtime_factor of 2 means a minute of video is analysed in 30 s. Per-stage times come from
// the report's own timings; peak_rss_mib is this process's high-water mark (models included).
// --quick: a 6 s clip (the quality gate's minimum duration lowered to 5 s for it).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { benchLog, parseBenchArgs, printBench } from "../src/bench";
import { analyzeVideoFile, VIDEO_PIPELINE_STAGES, type PipelineStage } from "../src/pipeline";
import { ReportSchema } from "../src/report";
import { makeSampleClip } from "../src/synthetic/make-sample-clip";

const CORE = fileURLToPath(new URL("../", import.meta.url));
const MODELS_DIR = process.env.GMA_MODELS_DIR ?? path.resolve(CORE, "../../data/models");

const { quick } = parseBenchArgs();
const seconds = quick ? 6 : 60;
const tmp = mkdtempSync(path.join(os.tmpdir(), "gma-p1-pipeline-"));
try {
  benchLog(`making a ${seconds} s clip from messi5.jpg (zoompan + rotate, 25 fps)`);
  const clip = makeSampleClip(path.join(tmp, "clip.mp4"), seconds);
  let lastStage: PipelineStage | undefined;
  const t = performance.now();
  const report = await analyzeVideoFile(clip, {
    modelsDir: MODELS_DIR,
    ageWeeks: 12,
    ...(quick ? { analysis: { quality: { minDurationS: 5 } } } : {}),
    onProgress: (stage, p) => {
      if (p === 100 && stage !== lastStage) {
        lastStage = stage;
        benchLog(`${stage} done at ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    },
  });
  const wallMs = performance.now() - t;
  // A fast wrong answer is a failure: the report must be complete and every stage must have run.
  ReportSchema.parse(report);
  const frames = Math.round(report.quality.durationS * report.input.fps);
  if (report.input.windowCount === 0 || frames === 0) throw new Error("the pipeline produced no windows");
  const timing = (k: string): number => {
    const v = report.timings[k];
    if (v === undefined) throw new Error(`the report has no ${k} timing`);
    return v;
  };
  for (const s of VIDEO_PIPELINE_STAGES) if (s !== "decode" && s !== "pose") timing(s === "report" ? "report" : s);
  printBench("p1-pipeline", quick, {
    clip_s: report.quality.durationS,
    frames,
    windows: report.input.windowCount,
    realtime_factor: report.quality.durationS / (wallMs / 1000),
    frames_per_s: frames / (wallMs / 1000),
    total_ms: wallMs,
    decode_wait_ms: timing("decode"),
    pose_ms: timing("pose"),
    skeleton_ms: timing("skeleton"),
    windows_ms: timing("windows"),
    quality_ms: timing("quality"),
    reconstruct_ms: timing("reconstruct"),
    analyse_ms: timing("analyse"),
    report_ms: timing("report"),
    peak_rss_mib: process.resourceUsage().maxRSS / 1024,
    pose_variant: "full",
    model_version: report.model.version,
    risk_level: report.risk.level,
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
