import { existsSync } from "node:fs";
import path from "node:path";
import { isGmaError } from "@gma/core";
import { repoRoot } from "./database-paths";

/** What a database command-line tool reads and writes; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Where relative paths in arguments are from (the folder the user typed the command in). */
  cwd: string;
}

/** Exit codes of the database tools: 0 done, 1 the operation failed, 2 bad usage or input (a bad backup, a database in use). */
export const DB_CLI_EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** A wrong option or argument; exits 2 with the usage. */
export class CliUsageError extends Error {
  readonly code = "CLI_USAGE";
}

/**
 * The message of a failure for the terminal, ending with its code, its exit code, and whether
 * the usage should follow (a wrong option or argument).
 */
export function describeFailure(error: unknown): { text: string; exitCode: number; showUsage: boolean } {
  if (error instanceof CliUsageError || (error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) || error instanceof RangeError) {
    return { text: `${error.message} [CLI_USAGE]`, exitCode: DB_CLI_EXIT.badInput, showUsage: true };
  }
  if (isGmaError(error)) {
    return { text: `${error.message}${error.hint ? `\n${error.hint}` : ""} [${error.code}]`, exitCode: error.isUserError ? DB_CLI_EXIT.badInput : DB_CLI_EXIT.failed, showUsage: false };
  }
  return { text: error instanceof Error ? (error.stack ?? error.message) : String(error), exitCode: DB_CLI_EXIT.failed, showUsage: false };
}

/** The process's own streams and environment, with the repository's `.env` read as `npm start` reads it. */
export function processIo(): CliIo {
  const envFile = path.join(repoRoot, ".env");
  // Variables already set win over the file, as with `npm start`.
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  // npm runs root scripts in the repository root; relative paths mean where the user typed them.
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.env.INIT_CWD ?? process.cwd() };
}

/** `12.3 MiB`: a file size for people. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `analyses 120, patients 40, ...`: the row counts of the tables people know, then the rest. */
export function formatRowCounts(rowCounts: Record<string, number>): string {
  return Object.entries(rowCounts)
    .filter(([table]) => !table.startsWith("_"))
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
}
