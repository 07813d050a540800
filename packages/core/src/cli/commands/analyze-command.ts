import path from "node:path";
import { POSE_VARIANTS } from "../../pose";
import { analyzeKeypointsFile, analyzeVideoFile, type AnalyzeRecordingOptions } from "../../pipeline";
import { renderReportHtml, reportNotices, SYNTHETIC_MODEL_WARNING, type Report } from "../../report";
import { anomalyModelDir, defaultModelsDir, type CliContext } from "../cli-context";
import { choiceOption, inputFile, invalidAge, numberOption, parseCliArgs, requiredNumber, schemas } from "../cli-options";
import { EXIT_CODES_HELP } from "../exit-codes";
import { chosenModelFolders, withModelFolderHint } from "../model-folder-hint";
import { checkOutputFile, writeOutputFile } from "../output-file";
import { pipelineProgress, ProgressBars } from "../progress-bar";
import { UsageError } from "../usage-error";

export const ANALYZE_USAGE = `gma analyze <video> --age-weeks N [options]
gma analyze --keypoints <file> --age-weeks N [options]

Screens the infant's movements and writes a report (a screening aid, never a diagnosis).
Runs fully on this machine: no server, no Redis. \`gma analyse\` is the same command.

Options:
  --age-weeks <N>          age at recording, weeks after birth, 0 to 104 (required)
  --gestational-age <N>    gestational age at birth in weeks, 20 to 45 (under 37 gives a corrected age)
  --out <file>             report.json or report.html (default: the JSON report on stdout)
  --keypoints <file>       analyse keypoints (.gmak from \`gma pose\`, or JSON / CSV) instead of a video
  --fps <N>                frame rate of a keypoint file that states none (a CSV without "# fps:");
                           a file that states another rate is refused
  --variant <name>         pose model: lite, full (default) or heavy
  --stride <N>             frames between window starts (default: the model's, 1)
  --min-duration <S>       shortest recording accepted, seconds (default 10)
  --models-dir <dir>       converted pose models (default: data/models, or GMA_MODELS_DIR)
  --model-dir <dir>        anomaly model card folder (default: GMA_ANOMALY_MODEL_DIR, else the model
                           shipped with @gma/core)
  --quiet                  no progress bars

${EXIT_CODES_HELP}`;

const OPTIONS = {
  "age-weeks": { type: "string" },
  "gestational-age": { type: "string" },
  out: { type: "string", short: "o" },
  keypoints: { type: "string" },
  fps: { type: "string" },
  variant: { type: "string" },
  stride: { type: "string" },
  "min-duration": { type: "string" },
  "models-dir": { type: "string" },
  "model-dir": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `gma analyze`: video or keypoints -> report. */
export async function analyzeCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCliArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  if (values.help) {
    ctx.stdout.write(`${ANALYZE_USAGE}\n`);
    return 0;
  }
  const keypoints = values.keypoints;
  if (keypoints !== undefined && positionals.length > 0) throw new UsageError("give either a video or --keypoints <file>, not both");
  if (keypoints === undefined && positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "gma analyze needs a video file or --keypoints <file>" : `gma analyze takes one video, got ${positionals.length}`);
  const ageWeeks = requiredNumber("age-weeks", values["age-weeks"], schemas.ageWeeks, invalidAge);
  const gestationalAgeWeeks = numberOption("gestational-age", values["gestational-age"], schemas.gestationalAge, invalidAge);
  const windowStride = numberOption("stride", values.stride, schemas.positiveInt);
  const minDurationS = numberOption("min-duration", values["min-duration"], schemas.seconds);
  const variant = choiceOption("variant", values.variant, POSE_VARIANTS);
  const fps = numberOption("fps", values.fps, schemas.fps);
  // A video states its own rate; only a keypoint file may lack one.
  if (fps !== undefined && keypoints === undefined) throw new UsageError("--fps is for keypoint files (--keypoints); a video states its own frame rate");
  const input = keypoints !== undefined ? inputFile("keypoints", keypoints) : inputFile("video", positionals[0]!);
  const out = values.out === undefined ? undefined : checkOutputFile(values.out, [".json", ".html"], [input]);
  const ext = out ? path.extname(out).toLowerCase() : undefined;
  const bars = values.quiet ? undefined : new ProgressBars(ctx.stderr);
  const common: AnalyzeRecordingOptions = {
    ageWeeks,
    fileName: path.basename(input),
    ...(gestationalAgeWeeks !== undefined ? { gestationalAgeWeeks } : {}),
    ...(windowStride !== undefined ? { windowStride } : {}),
    ...((values["model-dir"] ?? anomalyModelDir(ctx.env)) ? { modelDir: (values["model-dir"] ?? anomalyModelDir(ctx.env))! } : {}),
    ...(minDurationS !== undefined ? { analysis: { quality: { minDurationS } } } : {}),
    signal: ctx.signal,
    ...(bars ? { onProgress: pipelineProgress(bars) } : {}),
  };
  let report: Report;
  try {
    report =
      keypoints !== undefined
        ? await analyzeKeypointsFile(keypoints, {
            ...common,
            // The extension picks the reader where the content does not; a rate given here is
            // the user's word, and a file stating another is refused rather than overruled.
            extension: path.extname(keypoints),
            ...(fps !== undefined ? { fps, fpsOption: "--fps" } : {}),
          })
        : await analyzeVideoFile(positionals[0]!, { ...common, modelsDir: values["models-dir"] ?? defaultModelsDir(ctx.env), ...(variant ? { pose: { variant } } : {}) });
  } catch (error) {
    throw withModelFolderHint(error, chosenModelFolders(values, ctx.env));
  } finally {
    bars?.done();
  }

  if (out) {
    await writeOutputFile(out, ext === ".html" ? renderReportHtml(report) : `${JSON.stringify(report, null, 2)}\n`);
    ctx.stderr.write(`report written to ${out}\n`);
  } else {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
  ctx.stderr.write(`risk: ${report.risk.level} - ${report.assessment.summary}\n${report.disclaimer}\n`);
  for (const notice of reportNotices(report)) ctx.stderr.write(`WARNING: ${notice.title} ${notice.text}\n`);
  if (report.model.trainingData?.synthetic) ctx.stderr.write(`WARNING: ${SYNTHETIC_MODEL_WARNING}\n`);
  return 0;
}
