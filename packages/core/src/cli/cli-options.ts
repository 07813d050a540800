import { statSync, type Stats } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { InvalidAgeError } from "../analysis/errors/invalid-age-error";
import type { GmaError } from "../errors";
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
 * reaches its option's range check ({@link joinNegativeValues}), and parseArgs' own refusals (an
 * unknown option, a missing value, a stray positional; plain TypeErrors with ERR_PARSE_ARGS_*
 * codes) become {@link UsageError}s, so that a script reports them as bad input (exit 2) rather
 * than with a stack trace.
 */
export function parseCliArgs<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs({ ...config, args: joinNegativeValues(config.args, config.options ?? {}) });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
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
  ageWeeks: z.number({ error: "must be a number of weeks" }).finite().min(0, "must be zero or more weeks").max(104, "must be at most 104 weeks"),
  gestationalAge: z.number({ error: "must be a number of weeks" }).finite().min(20, "must be at least 20 weeks").max(45, "must be at most 45 weeks"),
  positiveInt: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1"),
  count: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be zero or more"),
  // The simulator's generator keys on the seed modulo 2^32: a larger one would repeat a smaller one's data.
  seed: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be zero or more").max(0xffffffff, "must be at most 4294967295"),
  seconds: z.number({ error: "must be a number of seconds" }).finite().min(0, "must be at least 0"),
  fps: z.number({ error: "must be a number of frames per second" }).finite().positive("must be above 0").max(1000, "must be at most 1000"),
};

/** The path of an input file, checked to exist and to be a file, so that a typo is bad input, not an internal error. */
export function inputFile(what: string, file: string): string {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new UsageError(`no such ${what}: ${file}`);
    throw new UsageError(`cannot read the ${what} ${file} (${code ?? (cause as Error).message})`);
  }
  if (!stats.isFile()) throw new UsageError(`${file} is ${stats.isDirectory() ? "a directory" : "not a regular file"}; give the path of a ${what}`);
  return file;
}
