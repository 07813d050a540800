import path from "node:path";
import { DEFAULT_QUALITY_GATE } from "../../analysis";
import { encodeKeypoints, LANDMARK_COUNT, LANDMARK_STRIDE } from "../../skeleton";
import { POSE_VARIANTS } from "../../pose";
import { DEFAULT_MIN_POSE_FRAMES, videoToJoints, type VideoToJointsResult } from "../../pipeline";
import { defaultModelsDir, type CliContext } from "../cli-context";
import { choiceOption, inputFile, parseCliArgs } from "../cli-options";
import { EXIT_CODES_HELP } from "../exit-codes";
import { chosenModelFolders, withModelFolderHint } from "../model-folder-hint";
import { checkOutputFile, writeOutputFile } from "../output-file";
import { pipelineProgress, ProgressBars } from "../progress-bar";
import { UsageError } from "../usage-error";

export const POSE_USAGE = `gma pose <video> --out <file.json|file.gmak> [options]

Finds the infant's pose in every frame (25 fps) and writes the keypoints:
  .json   33 MediaPipe landmarks per frame with timestamps ("mediapipe-33",
          described in packages/core/docs/keypoint-formats.md)
  .gmak   25 joints per frame, quantised and compressed (a fraction of the JSON size)
Either file can be analysed later with \`gma analyze --keypoints <file>\`.

A video with fewer than ${DEFAULT_MIN_POSE_FRAMES} frames with a clear pose, or shorter than ${DEFAULT_QUALITY_GATE.minDurationS} s, is written all
the same, with a warning: \`gma analyze\` needs at least ${DEFAULT_MIN_POSE_FRAMES} (one analysis window) and
${DEFAULT_QUALITY_GATE.minDurationS} s of recording, and will refuse it. A video in which no frame shows a clear pose
writes nothing and exits 3.

Options:
  --out <file>           where to write the keypoints (required)
  --variant <name>       pose model: lite, full (default) or heavy
  --models-dir <dir>     converted pose models (default: data/models, or GMA_MODELS_DIR)
  --quiet                no progress bars
  --json                 a JSON summary on stdout (frames, fps, frames with a pose, ms), for scripts

It ends with one line on stderr saying what was written.

${EXIT_CODES_HELP}`;

/** The landmarks as the JSON import format ("mediapipe-33"), rounded to what float32 holds. */
export function landmarksJson(result: VideoToJointsResult): string {
  const lm = result.landmarks!;
  const per = LANDMARK_COUNT * LANDMARK_STRIDE;
  const r = (v: number): number => Math.round(v * 1e6) / 1e6;
  const frames: number[][][] = [];
  for (let f = 0; f < result.joints.frameCount; f++) {
    const frame: number[][] = [];
    for (let l = 0; l < LANDMARK_COUNT; l++) {
      const o = f * per + l * LANDMARK_STRIDE;
      frame.push([r(lm[o]!), r(lm[o + 1]!), r(lm[o + 2]!), r(lm[o + 3]!), r(lm[o + 4]!)]);
    }
    frames.push(frame);
  }
  return JSON.stringify({ format: "mediapipe-33", fps: result.joints.fps, timestampsMs: Array.from(result.joints.timestampsMs ?? []), frames });
}

/** `gma pose`: video -> keypoint file. */
export async function poseCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { out: { type: "string", short: "o" }, variant: { type: "string" }, "models-dir": { type: "string" }, quiet: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    ctx.stdout.write(`${POSE_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "gma pose needs a video file" : `gma pose takes one video, got ${positionals.length}`);
  const video = inputFile("video", positionals[0]!);
  if (!values.out) throw new UsageError("--out <file.json|file.gmak> is required");
  const out = checkOutputFile(values.out, [".json", ".gmak"], [video]);
  const ext = path.extname(out).toLowerCase();
  const variant = choiceOption("variant", values.variant, POSE_VARIANTS);

  const bars = values.quiet ? undefined : new ProgressBars(ctx.stderr);
  let result: VideoToJointsResult;
  try {
    result = await videoToJoints(video, {
      modelsDir: values["models-dir"] ?? defaultModelsDir(ctx.env),
      ...(variant ? { pose: { variant } } : {}),
      keepLandmarks: ext === ".json",
      // The analysis minimum is the analysis's to enforce: keypoints of a short clip are still
      // keypoints. A video with no clear pose in any frame still fails (NO_PERSON_FOUND or
      // TOO_FEW_POSE_FRAMES, exit 3): its file would hold nothing.
      minPoseFrames: 1,
      signal: ctx.signal,
      ...(bars ? { onProgress: pipelineProgress(bars) } : {}),
    });
  } catch (error) {
    throw withModelFolderHint(error, { poseModels: chosenModelFolders(values, ctx.env).poseModels });
  } finally {
    // Before any message, which would otherwise continue the bar's line.
    bars?.done();
  }
  await writeOutputFile(out, ext === ".json" ? landmarksJson(result) : encodeKeypoints(result.joints));
  const { stats } = result;
  // The minimums the analysis enforces (its quality gate's default duration, not a copy), so
  // that the warning names the clips `gma analyze` will refuse for their length.
  const minDurationS = DEFAULT_QUALITY_GATE.minDurationS;
  const analysable = stats.validPoseFrames >= DEFAULT_MIN_POSE_FRAMES && stats.durationS >= minDurationS;
  if (stats.validPoseFrames < DEFAULT_MIN_POSE_FRAMES) {
    ctx.stderr.write(
      `warning: only ${stats.validPoseFrames} frames (of ${stats.frameCount}, ${stats.durationS.toFixed(1)} s at ${stats.fps} fps) show a clear pose; ` +
        `an analysis needs at least ${DEFAULT_MIN_POSE_FRAMES}, so \`gma analyze\` will refuse these keypoints (exit 3). Record for longer to analyse this infant.\n`,
    );
  } else if (stats.durationS < minDurationS) {
    // Rounded down: a 9.98 s clip is not "10.0 s long" beside a 10 s minimum.
    ctx.stderr.write(
      `warning: the video is only ${(Math.floor(stats.durationS * 10) / 10).toFixed(1)} s long (${stats.frameCount} frames at ${stats.fps} fps); ` +
        `an analysis needs at least ${minDurationS} s, so \`gma analyze\` will refuse these keypoints (exit 3). Record for longer to analyse this infant.\n`,
    );
  }
  // A sentence for the person at the terminal, as `gma analyze` ends; the JSON only on request,
  // for a script, since the keypoints themselves are in the file.
  ctx.stderr.write(
    `keypoints written to ${out}: ${stats.frameCount} frames (${stats.durationS.toFixed(1)} s at ${stats.fps} fps), ${stats.validPoseFrames} with a clear pose` +
      `${analysable ? `; analyse them with \`gma analyze --keypoints ${out} --age-weeks N\`` : ""}\n`,
  );
  if (values.json) {
    ctx.stdout.write(
      `${JSON.stringify({
        out,
        format: ext === ".json" ? "mediapipe-33" : "gmak",
        frames: stats.frameCount,
        fps: stats.fps,
        detectedFrames: stats.detectedFrames,
        validPoseFrames: stats.validPoseFrames,
        inFrameFrames: stats.inFrameFrames,
        ms: Math.round(result.timings.total),
      })}\n`,
    );
  }
  return 0;
}
