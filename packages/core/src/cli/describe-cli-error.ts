import { isGmaError } from "../errors";
import { isParseArgsError } from "./cli-options";
import { UsageError } from "./usage-error";

/** node:util parseArgs throws plain TypeErrors with ERR_PARSE_ARGS_* codes: those are usage errors. */
export function normaliseCliError(error: unknown): unknown {
  return isParseArgsError(error) ? new UsageError(error.message) : error;
}

/**
 * What a command-line program (`gma`, or a script such as make-keypoints) prints for an error:
 * the message with its stable code, then the usage for a usage error (its generic hint names
 * `gma --help`, which a script's user cannot run) or the error's hint for any other, and the
 * stack only for an unexpected error, which is a bug report.
 */
export function describeCliError(program: string, error: unknown, usage: string): string {
  const e = normaliseCliError(error);
  if (e instanceof UsageError) return `${program}: ${e.message} [${e.code}]\n\n${usage}`;
  if (isGmaError(e)) return `${program}: ${e.message} [${e.code}]${e.hint ? `\n${e.hint}` : ""}`;
  if (e instanceof Error && e.name === "AbortError") return `${program}: interrupted`;
  return `${program}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
