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
  const dataDir = path.resolve(repoRoot, value("GMA_DATA_DIR") ?? "data");
  const keepText = value("DATABASE_BACKUP_KEEP");
  const keep = keepText === undefined ? DEFAULT_BACKUP_KEEP : Number(keepText);
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`DATABASE_BACKUP_KEEP must be a positive integer (got "${keepText}")`);
  return {
    file: path.resolve(dataDir, value("DATABASE_FILE") ?? "gma.sqlite"),
    backupDir: path.resolve(dataDir, value("DATABASE_BACKUP_DIR") ?? "backups"),
    keep,
  };
}
