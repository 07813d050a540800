/**
 * Writes a short sample video for trying the video path of `gma analyze`:
 *
 *   npm run -s sample-clip -- [out.mp4] [--seconds 12]
 *
 * The repository ships no recording of an infant, and may ship none. This clip shows an ADULT:
 * the still photo of a footballer in `tests/fixtures/messi5.jpg` (Debian opencv-doc's sample
 * image, see that folder's README), zoomed in and out and swayed by ffmpeg so that the pose model
 * finds a person, moving, in every frame. An analysis of it runs every stage, but its risk level
 * means nothing. The p1 benchmarks measure the pipeline on the same clip.
 */
import { execFileSync } from "node:child_process";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEFAULT_QUALITY_GATE } from "../analysis/quality-gate";
import { numberOption, parseCliArgs } from "../cli/cli-options";
import { checkOutputFile, removeAbandonedTemporaryFiles, temporaryFileFor } from "../cli/output-file";
import { runScript } from "../cli/run-script";
import { UsageError } from "../cli/usage-error";
import { resolveFfmpeg } from "../video/ffmpeg-binary";

/** The photo the sample clip moves: one adult footballer in full view (548 x 342). */
export const SAMPLE_CLIP_PHOTO = fileURLToPath(new URL("../../tests/fixtures/messi5.jpg", import.meta.url));

/** Length of the sample clip by default: a little over the analysis's minimum, so that it is analysed. */
export const DEFAULT_SAMPLE_CLIP_SECONDS = 12;

/** Options of {@link makeSampleClip}. */
export interface SampleClipOptions {
  /**
   * The ffmpeg to run.
   * @defaultValue {@link resolveFfmpeg}()'s, the one the pipeline decodes with
   */
  ffmpeg?: string;
}

/**
 * Writes the sample clip to `out` as an MP4 (H.264, whatever `out` is named): the photo of
 * {@link SAMPLE_CLIP_PHOTO} zooming in and out and swaying at 25 fps, 548 x 342, so that there
 * is a person in every frame and never a still one. An ADULT, not an infant.
 */
export function makeSampleClip(out: string, seconds: number, options: SampleClipOptions = {}): string {
  const vf = [
    // Padded first, so that zoom and sway never push hands or feet out of the picture.
    "pad=iw*1.3:ih*1.3:(ow-iw)/2:(oh-ih)/2",
    "zoompan=z='1.1+0.1*sin(2*PI*on/250)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=548x342:fps=25",
    "rotate=a='0.1*sin(2*PI*t/4)':fillcolor=black",
  ].join(",");
  const ffmpeg = options.ffmpeg ?? resolveFfmpeg().ffmpeg;
  execFileSync(
    ffmpeg,
    ["-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", "25", "-i", SAMPLE_CLIP_PHOTO, "-vf", vf, "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-f", "mp4", out],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  return out;
}

const HELP_COMMAND = "npm run -s sample-clip -- --help";

export const MAKE_SAMPLE_CLIP_USAGE = `npm run -s sample-clip -- [out.mp4] [--seconds <S>]

Writes a sample video (default sample.mp4) for trying \`gma analyze\` on a video. It shows an ADULT,
not an infant: a still photo of a footballer, zoomed and swayed by ffmpeg. Every stage of the
analysis runs on it, but its risk level means nothing.

Options:
  --seconds <S>   length, above 0 and at most 600 (default ${DEFAULT_SAMPLE_CLIP_SECONDS}; \`gma analyze\` needs ${DEFAULT_QUALITY_GATE.minDurationS})`;

const OPTIONS = {
  seconds: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const SECONDS = z.number({ error: "must be a number of seconds" }).finite().positive("must be above 0 seconds").max(600, "must be at most 600 seconds");

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseCliArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${MAKE_SAMPLE_CLIP_USAGE}\n`);
    return;
  }
  if (positionals.length > 1) throw new UsageError(`Give one file to write, got ${positionals.length}: ${positionals.join(" ")}`);
  const seconds = numberOption("seconds", values.seconds, SECONDS) ?? DEFAULT_SAMPLE_CLIP_SECONDS;
  const out = checkOutputFile(positionals[0] ?? "sample.mp4", [".mp4"]);
  // Written beside it and renamed into place: an interrupted run leaves no half clip.
  await removeAbandonedTemporaryFiles(out);
  const temp = temporaryFileFor(out);
  try {
    makeSampleClip(temp, seconds);
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  process.stderr.write(
    `sample clip written to ${out}: ${seconds} s of an ADULT's still photo moved by ffmpeg, not an infant, so the risk level of its analysis means nothing.\n` +
      (seconds < DEFAULT_QUALITY_GATE.minDurationS
        ? `warning: ${seconds} s is shorter than the ${DEFAULT_QUALITY_GATE.minDurationS} s an analysis needs, so \`gma analyze\` will refuse it (exit 3); give a longer --seconds to analyse it.\n`
        : `Try: npm run -s gma -- analyze ${out} --age-weeks 12 --out sample-report.html\n`),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm run sample-clip` runs in the repository root; a relative path means where it was typed.
  if (process.env.npm_lifecycle_event === "sample-clip" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  void runScript("sample-clip", HELP_COMMAND, main);
}
