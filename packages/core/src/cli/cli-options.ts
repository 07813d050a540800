import { statSync, type Stats } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { MAX_AGE_WEEKS } from "../analysis/age";
import { InvalidAgeError } from "../analysis/errors/invalid-age-error";
import type { GmaError } from "../errors";
import { closestName } from "./closest-name";
import { KeypointsInvalidError } from "../skeleton/errors/keypoints-invalid-error";
import { NotAVideoError } from "../video/errors/not-a-video-error";
import { VideoEmptyError } from "../video/errors/video-empty-error";
import { UsageError } from "./usage-error";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NEGATIVE_DECIMAL = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The option declarations node:util parseArgs takes, as far as {@link joinNegativeValues} needs them. */
type OptionDeclarations = Record<string, { type: "string" | "boolean"; short?: string }>;

/**
 * Rewrites `--name -3` (and `-n -3`) into `--name=-3` for options that take a value.
 * node:util parseArgs reads a value that starts with a dash as the next option and refuses the
 * pair as "ambiguous", a message about its own syntax; joined, the negative number reaches the
 * option's range check, whose message says what the option takes (ages: zero or more weeks).
 * Only plain negative decimals are joined, and nothing after `--`.
 */
export function joinNegativeValues(argv: readonly string[], options: OptionDeclarations): string[] {
  const takesValue = new Map<string, string>();
  for (const [name, declaration] of Object.entries(options)) {
    if (declaration.type !== "string") continue;
    takesValue.set(`--${name}`, name);
    if (declaration.short) takesValue.set(`-${declaration.short}`, name);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const name = takesValue.get(arg);
    const next = argv[i + 1];
    if (name !== undefined && next !== undefined && NEGATIVE_DECIMAL.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * node:util parseArgs with gma's conventions, for commands and scripts alike: a negative value
 * reaches its option's range check ({@link joinNegativeValues}), and a command line parseArgs
 * would refuse is refused first with gma's own {@link UsageError} ({@link checkCommandLine}:
 * an unknown option named, with the closest option suggested, a missing value, a value given to
 * a switch, a stray argument), so that a script reports it as bad input (exit 2) in words about
 * its options rather than about parseArgs' syntax.
 */
export function parseCliArgs<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  const args = joinNegativeValues(config.args, config.options ?? {});
  if (config.strict !== false) checkCommandLine(args, config.options ?? {}, config.allowPositionals ?? false);
  try {
    return parseArgs({ ...config, args });
  } catch (error) {
    // A refusal checkCommandLine did not foresee: still bad input, in parseArgs' words.
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Refuses what strict parseArgs would, in gma's words: the first unknown option (with "did you
 * mean" when one of `options` is close, see {@link closestName}), an option that needs a value
 * given none (or followed by another option), a value given to a switch, and an argument that is
 * no option where the command takes none.
 *
 * @throws UsageError naming the option or argument.
 */
export function checkCommandLine(args: readonly string[], options: OptionDeclarations, allowPositionals: boolean): void {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (!allowPositionals) throw new UsageError(`Unexpected argument "${token.value}": this command takes options only`);
      continue;
    }
    if (token.kind !== "option") continue;
    const declaration = options[token.name];
    if (declaration === undefined) {
      const long = token.rawName.startsWith("--");
      const suggestion = closestName(token.name, long ? Object.keys(options) : Object.values(options).flatMap((o) => (o.short ? [o.short] : [])));
      const named = suggestion === undefined ? undefined : long ? `--${suggestion}` : `-${suggestion}`;
      throw new UsageError(`Unknown option ${token.rawName}${named ? `; did you mean ${named}?` : ""}`);
    }
    const option = `--${token.name}`;
    if (declaration.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${option} takes no value (got "${token.rawName}=${token.value}")`);
      continue;
    }
    if (token.value === undefined) throw new UsageError(`${option} needs a value`);
    if (!token.inlineValue && token.value.startsWith("-")) {
      throw new UsageError(`${option} needs a value, but "${token.value}" follows it; for a value that starts with "-", write ${option}=${token.value}`);
    }
  }
}

/** Whether `error` is one of node:util parseArgs' refusals of the command line. */
export function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

/**
 * Parses a numeric option with zod and turns a failure into an error that names the option, so
 * that `gma` reports "--age-weeks must be ..." rather than a stack trace: a {@link UsageError}
 * unless `error` makes another (ages are {@link InvalidAgeError}s, as the pipeline's own are).
 */
export function numberOption<T extends z.ZodType<number>>(name: string, raw: string | undefined, schema: T, error: (message: string) => GmaError = (m) => new UsageError(m)): z.infer<T> | undefined {
  if (raw === undefined) return undefined;
  // Plain decimals only: Number() would also read "0x10" as 16 weeks.
  const parsed = schema.safeParse(DECIMAL.test(raw.trim()) ? Number(raw) : Number.NaN);
  if (!parsed.success) throw error(`--${name} ${parsed.error.issues[0]?.message ?? "is invalid"} (got "${raw}")`);
  return parsed.data;
}

/** Like {@link numberOption} but required; a missing option is always a {@link UsageError}. */
export function requiredNumber<T extends z.ZodType<number>>(name: string, raw: string | undefined, schema: T, error?: (message: string) => GmaError): z.infer<T> {
  const v = numberOption(name, raw, schema, error);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** An age option's error: INVALID_AGE, as the pipeline reports a bad age (exit 2). */
export const invalidAge = (message: string): GmaError => new InvalidAgeError(message);

/** A choice among fixed strings. */
export function choiceOption<C extends string>(name: string, raw: string | undefined, choices: readonly C[]): C | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got "${raw}")`);
  return raw as C;
}

/** Numbers as gma's options take them. */
export const schemas = {
  ageWeeks: z.number({ error: "must be a number of weeks" }).finite().min(0, "must be zero or more weeks").max(MAX_AGE_WEEKS, `must be at most ${MAX_AGE_WEEKS} weeks`),
  gestationalAge: z.number({ error: "must be a number of weeks" }).finite().min(20, "must be at least 20 weeks").max(45, "must be at most 45 weeks"),
  positiveInt: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1"),
  count: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be zero or more"),
  // The simulator's generator keys on the seed modulo 2^32: a larger one would repeat a smaller one's data.
  seed: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be zero or more").max(0xffffffff, "must be at most 4294967295"),
  seconds: z.number({ error: "must be a number of seconds" }).finite().min(0, "must be at least 0"),
  fps: z.number({ error: "must be a number of frames per second" }).finite().positive("must be above 0").max(1000, "must be at most 1000"),
};

/** What an input file of a command holds, for {@link inputFile}'s messages and codes. */
export type InputFileKind = "video" | "keypoints";

/**
 * The path of an input file, checked to exist, to be a file and to hold something, so that a
 * typo costs a clear message before any work. These are faults of the input, not of the command
 * line: the code is the one the pipeline gives such a file (NOT_A_VIDEO or VIDEO_EMPTY for a
 * video, KEYPOINTS_INVALID for keypoints), exit 2 (bad input), with no usage to wade through.
 */
export function inputFile(kind: InputFileKind, file: string): string {
  const what = kind === "video" ? "video file" : "keypoint file";
  const hint = `Check the path: it must name a readable ${what}.`;
  const error = (message: string, problem: "path" | "empty" = "path"): GmaError => {
    if (kind === "keypoints") return new KeypointsInvalidError(message, problem === "path" ? { hint } : {});
    return problem === "path" ? new NotAVideoError(message, { hint }) : new VideoEmptyError(message);
  };
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw error(`No such ${what}: ${file}`);
    throw error(`Cannot read the ${what} ${file} (${code ?? (cause as Error).message})`);
  }
  if (!stats.isFile()) throw error(`The path ${file} is ${stats.isDirectory() ? "a directory" : "not a regular file"}; give the path of a ${what}`);
  if (stats.size === 0) throw error(`The ${what} ${file} is empty (0 bytes)`, "empty");
  return file;
}
