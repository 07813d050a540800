#!/usr/bin/env -S npx tsx
/**
 * `gma`: the GMA Insight command line, fully embedded (no server, no Redis).
 *
 *   gma pose <video> --out <file.json|file.gmak>
 *   gma analyze <video> --age-weeks N [--gestational-age N] [--out report.json|report.html]
 *   gma analyze --keypoints <file> --age-weeks N ...   (also spelled `gma analyse`)
 *   gma models verify | prepare
 *   gma dataset make ...
 *
 * Exit codes: EXIT_CODES (EXIT_CODES_HELP in words).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CliContext } from "./cli-context";
import { analyzeCommand } from "./commands/analyze-command";
import { datasetCommand } from "./commands/dataset-command";
import { modelsCommand } from "./commands/models-command";
import { poseCommand } from "./commands/pose-command";
import { closestName } from "./closest-name";
import { describeCliError, normaliseCliError } from "./describe-cli-error";
import { EXIT_CODES, EXIT_CODES_HELP, exitCodeFor } from "./exit-codes";
import { UsageError } from "./usage-error";

const USAGE = `gma - screening infants' spontaneous movements from video (a screening aid, not a diagnosis)

Commands:
  gma pose <video> --out <file.json|file.gmak>     keypoints of every frame
  gma analyze <video> --age-weeks N [...]           the whole analysis, report as JSON or HTML
  gma analyze --keypoints <file> --age-weeks N      the analysis from saved keypoints
                                                    (\`analyse\` is the same command)
  gma models verify | prepare                       check or convert the models
  gma dataset make --out <file.gmads> ...           a training dataset (synthetic or imported)

Run \`gma <command> --help\` for a command's options. Through npm, run \`npm run -s gma -- ...\`:
without -s, npm prints its own lines on stdout before the JSON gma writes there.

${EXIT_CODES_HELP}`;

const COMMANDS: Record<string, (argv: string[], ctx: CliContext) => number | Promise<number>> = {
  pose: poseCommand,
  analyze: analyzeCommand,
  models: modelsCommand,
  dataset: datasetCommand,
};

/** Other spellings of commands: the British one, which the docs and the progress bars' `analyse` stage use. */
const ALIASES: Record<string, string> = { analyse: "analyze" };

/** Runs `gma` with `argv` (without node and the script) and returns the exit code; never throws. */
export async function runGma(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? ctx.stderr : ctx.stdout).write(`${USAGE}\n`);
    return name === undefined ? EXIT_CODES.badInput : EXIT_CODES.ok;
  }
  const commandName = Object.hasOwn(ALIASES, name) ? ALIASES[name]! : name;
  const command = Object.hasOwn(COMMANDS, commandName) ? COMMANDS[commandName] : undefined;
  try {
    if (!command) {
      const suggestion = closestName(name, [...Object.keys(COMMANDS), ...Object.keys(ALIASES)]);
      throw new UsageError(`Unknown command "${name}"; ${suggestion ? `did you mean ${ALIASES[suggestion] ?? suggestion}?` : `the commands are ${Object.keys(COMMANDS).join(", ")}`}`);
    }
    return await command(rest, ctx);
  } catch (error) {
    const code = exitCodeFor(normaliseCliError(error));
    // No blank line first: each command ends its progress bars before an error reaches here.
    ctx.stderr.write(`${describeCliError("gma", error, command ? `Run \`gma ${commandName} --help\` for the options.` : "Run `gma --help` for the commands.")}\n`);
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
