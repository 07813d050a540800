import { isGmaError } from "../errors";
import { isParseArgsError } from "./cli-options";
import { UsageError } from "./usage-error";

/** node:util parseArgs throws plain TypeErrors with ERR_PARSE_ARGS_* codes: those are usage errors. */
export function normaliseCliError(error: unknown): unknown {
  return isParseArgsError(error) ? new UsageError(error.message) : error;
}

// Names that begin a message in lower case because that is how they are spelled.
const LOWER_CASE_NAMES = new Set(["ffmpeg", "ffprobe", "gma", "node", "npm", "npx", "onnxruntime", "tsx"]);

/**
 * A message as the sentence it is printed as: its first letter capitalised when it begins with a
 * plain lower-case word ("cannot read ..." from a library), and left alone when it begins with an
 * option, a path, a number or a name spelled in lower case (`--out ...`, `k.json ...`, `ffmpeg ...`).
 */
export function asSentence(message: string): string {
  const first = /^([a-z]+)(?=[\s:;,]|$)/.exec(message)?.[1];
  if (first === undefined || LOWER_CASE_NAMES.has(first)) return message;
  return message[0]!.toUpperCase() + message.slice(1);
}

/**
 * What a command-line program (`gma`, or a script such as make-keypoints) prints for an error,
 * each line a sentence after `<program>: ` and no blank line before it: the message with its
 * stable code, then the error's hint; for a usage error also `usageHint`, which says where the
 * options are listed ("Run `gma analyze --help` for the options."), rather than the whole usage
 * text, which would bury the one line that matters; the stack only for an unexpected error,
 * which is a bug report.
 */
export function describeCliError(program: string, error: unknown, usageHint: string): string {
  const e = normaliseCliError(error);
  if (isGmaError(e)) {
    const lines = [`${program}: ${asSentence(e.message)} [${e.code}]`];
    if (e.hint) lines.push(e.hint);
    if (e instanceof UsageError) lines.push(usageHint);
    return lines.join("\n");
  }
  if (e instanceof Error && e.name === "AbortError") return `${program}: Interrupted`;
  return `${program}: Internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
