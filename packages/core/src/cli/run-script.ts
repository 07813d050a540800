import { describeCliError, normaliseCliError } from "./describe-cli-error";
import { exitCodeFor } from "./exit-codes";

/**
 * Runs a stand-alone script's `main` (`tsx packages/core/src/synthetic/make-keypoints.ts ...`)
 * with gma's error handling: its message and stable code on stderr and gma's exit codes (2 for
 * bad input), instead of Node's stack trace and exit 1 for every error. A usage error names
 * `helpCommand` (the script's own `--help`), where its options are listed.
 */
export async function runScript(program: string, helpCommand: string, main: (argv: string[]) => Promise<void> | void): Promise<void> {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${describeCliError(program, error, `Run \`${helpCommand}\` for the options.`)}\n`);
    process.exitCode = exitCodeFor(normaliseCliError(error));
  }
}
