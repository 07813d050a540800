import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_BACKUP_KEEP } from "../backup";

/** Repository root: GMA_DATA_DIR is relative to it, as in the API's configuration. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The database and backup settings of the command-line tools. */
export interface DatabasePaths {
  /** DATABASE_FILE, relative to GMA_DATA_DIR (default `<repo>/data/gma.sqlite`). */
  file: string;
  /** DATABASE_BACKUP_DIR, relative to GMA_DATA_DIR (default `<data dir>/backups`). */
  backupDir: string;
  /** DATABASE_BACKUP_KEEP (default {@link DEFAULT_BACKUP_KEEP}). */
  keep: number;
}

/**
 * Reads the same variables with the same defaults as the API and worker (apps/api/src/env.ts),
 * so that `npm run db:backup` copies the database they use into the folder their scheduled
 * backups go to.
 *
 * @throws RangeError naming the variable when DATABASE_BACKUP_KEEP is not a positive integer.
 */
export function databasePaths(env: Record<string, string | undefined>): DatabasePaths {
  const value = (name: string) => (env[name] === "" ? undefined : env[name]);
  const dataDir = dataDirOf(env);
  const keepText = value("DATABASE_BACKUP_KEEP");
  const keep = keepText === undefined ? DEFAULT_BACKUP_KEEP : Number(keepText);
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`DATABASE_BACKUP_KEEP must be a positive integer (got "${keepText}")`);
  return {
    file: databaseFileOf(env),
    backupDir: path.resolve(dataDir, value("DATABASE_BACKUP_DIR") ?? "backups"),
    keep,
  };
}

/** GMA_DATA_DIR resolved as the API resolves it: against the repository root (default `<repo>/data`). */
function dataDirOf(env: Record<string, string | undefined>): string {
  return path.resolve(repoRoot, env.GMA_DATA_DIR || "data");
}

/**
 * The database file as the API and worker find it: DATABASE_FILE resolved against GMA_DATA_DIR
 * (default `<data dir>/gma.sqlite`), never against the folder a command runs in, so that
 * `npm run db:migrate` (run by npm in packages/db) migrates the file the API opens.
 */
export function databaseFileOf(env: Record<string, string | undefined>): string {
  return path.resolve(dataDirOf(env), env.DATABASE_FILE || "gma.sqlite");
}
