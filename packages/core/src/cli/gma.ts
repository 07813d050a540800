#!/usr/bin/env -S npx tsx
/**
 * `gma`: the GMA Insight command line, fully embedded (no server, no Redis).
 *
 *   gma pose <video> --out <file.json|file.gmak>
 *   gma analyze <video> --age-weeks N [--gestational-age N] [--out report.json|report.html]
 *   gma analyze --keypoints <file> --age-weeks N ...
 *   gma models verify | prepare
 *   gma dataset make ...
 *
 * Exit codes (EXIT_CODES): 0 done, 1 internal failure, 2 bad input, 3 unusable recording (no
 * person, too few pose frames, quality too low), 4 set-up incomplete, 130 interrupted.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CliContext } from "./cli-context";
import { ANALYZE_USAGE, analyzeCommand } from "./commands/analyze-command";
import { DATASET_USAGE, datasetCommand } from "./commands/dataset-command";
import { MODELS_USAGE, modelsCommand } from "./commands/models-command";
import { POSE_USAGE, poseCommand } from "./commands/pose-command";
import { describeCliError, normaliseCliError } from "./describe-cli-error";
import { EXIT_CODES, exitCodeFor } from "./exit-codes";
import { UsageError } from "./usage-error";

const USAGE = `gma - screening infants' spontaneous movements from video (a screening aid, not a diagnosis)

Commands:
  gma pose <video> --out <file.json|file.gmak>     keypoints of every frame
  gma analyze <video> --age-weeks N [...]           the whole analysis, report as JSON or HTML
  gma analyze --keypoints <file> --age-weeks N      the analysis from saved keypoints
  gma models verify | prepare                       check or convert the models
  gma dataset make --out <file.gmads> ...           a training dataset (synthetic or imported)

Run \`gma <command> --help\` for a command's options.

Exit codes: 0 done, 1 internal failure, 2 bad input, 3 unusable recording (no person found,
too few frames with a pose, quality too low), 4 set-up incomplete (run \`npm run setup\`),
130 interrupted.`;

const COMMANDS: Record<string, { run: (argv: string[], ctx: CliContext) => number | Promise<number>; usage: string }> = {
  pose: { run: poseCommand, usage: POSE_USAGE },
  analyze: { run: analyzeCommand, usage: ANALYZE_USAGE },
  models: { run: modelsCommand, usage: MODELS_USAGE },
  dataset: { run: datasetCommand, usage: DATASET_USAGE },
};

/** Runs `gma` with `argv` (without node and the script) and returns the exit code; never throws. */
export async function runGma(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? ctx.stderr : ctx.stdout).write(`${USAGE}\n`);
    return name === undefined ? EXIT_CODES.badInput : EXIT_CODES.ok;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; expected ${Object.keys(COMMANDS).join(", ")}`);
    return await command.run(rest, ctx);
  } catch (error) {
    const code = exitCodeFor(normaliseCliError(error));
    ctx.stderr.write(`\n${describeCliError("gma", error, command?.usage ?? USAGE)}\n`);
    return code;
  }
}

/** Runs `gma` on this process: arguments, stdio, Ctrl-C, exit code. */
export async function main(): Promise<void> {
  // `npm run gma` runs in the repository root; relative paths must mean where the user typed them.
  if (process.env.npm_lifecycle_event === "gma" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const controller = new AbortController();
  // The first Ctrl-C (or a SIGTERM from a supervisor or `timeout`) cancels cleanly (children
  // killed, temp files removed); a second one exits at once.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      controller.abort();
      process.once(signal, () => process.exit(EXIT_CODES.interrupted));
    });
  }
  const code = await runGma(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
  process.exitCode = code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
