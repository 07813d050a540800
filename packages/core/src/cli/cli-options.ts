import { statSync, type Stats } from "node:fs";
import { z } from "zod";
import { UsageError } from "./usage-error";

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses a numeric option with zod and turns a failure into a {@link UsageError} that names the
 * option, so that `gma` reports "--age-weeks must be ..." rather than a stack trace.
 */
export function numberOption<T extends z.ZodType<number>>(name: string, raw: string | undefined, schema: T): z.infer<T> | undefined {
  if (raw === undefined) return undefined;
  // Plain decimals only: Number() would also read "0x10" as 16 weeks.
  const parsed = schema.safeParse(DECIMAL.test(raw.trim()) ? Number(raw) : Number.NaN);
  if (!parsed.success) throw new UsageError(`--${name} ${parsed.error.issues[0]?.message ?? "is invalid"} (got "${raw}")`);
  return parsed.data;
}

/** Like {@link numberOption} but required. */
export function requiredNumber<T extends z.ZodType<number>>(name: string, raw: string | undefined, schema: T): z.infer<T> {
  const v = numberOption(name, raw, schema);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** A choice among fixed strings. */
export function choiceOption<C extends string>(name: string, raw: string | undefined, choices: readonly C[]): C | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got "${raw}")`);
  return raw as C;
}

/** Numbers as gma's options take them. */
export const schemas = {
  ageWeeks: z.number({ error: "must be a number of weeks" }).finite().min(0, "must be at least 0").max(104, "must be at most 104 weeks"),
  gestationalAge: z.number({ error: "must be a number of weeks" }).finite().min(20, "must be at least 20 weeks").max(45, "must be at most 45 weeks"),
  positiveInt: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1"),
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
