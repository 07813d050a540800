import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { MigrationFailedError } from "../errors";
import { backfillArchivedRiskLevels } from "./backfill-archived-risk-levels";

/** Where the committed migrations live: `prisma/migrations` at the repository root. */
export const defaultMigrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../prisma/migrations");

/** Options of {@link migrateDatabase}. */
export interface MigrateOptions {
  /**
   * Folder of committed migrations (`<timestamp>_<name>/migration.sql`).
   * @defaultValue the repository's `prisma/migrations`
   */
  migrationsDir?: string;
  /**
   * How long to wait for another process that is migrating the same file, in milliseconds.
   * @defaultValue 15000
   */
  busyTimeoutMs?: number;
}

// Exactly the table `prisma migrate deploy` creates, so that either tool can take over.
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * Data steps that a migration's SQL cannot do, run in the same transaction right after the
 * migration of that name (so that a failure rolls both back). `prisma migrate deploy` does not
 * know them; the file of each migration says what it would leave undone.
 */
const DATA_STEPS: Readonly<Record<string, (db: Database.Database) => void>> = {
  // Archived reports sit in raw-deflated payloads, which SQLite cannot inflate.
  "20261130120000_analysis_risk_level": (db) => void backfillArchivedRiskLevels(db),
};

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/**
 * The names of the committed migrations in `dir` (folders holding a `migration.sql`), in the
 * order they apply.
 *
 * @throws MigrationFailedError when the folder does not exist.
 */
export function committedMigrations(dir: string = defaultMigrationsDir): string[] {
  if (!existsSync(dir)) throw new MigrationFailedError("(none)", { detail: `no migrations folder at ${dir}` });
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();
}

function readMigrations(dir: string): MigrationFile[] {
  return committedMigrations(dir).map((name) => {
    const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    // Prisma's checksum is the SHA-256 of the file's bytes.
    return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/**
 * Applies the committed migrations that the database file has not seen yet, each in its own
 * transaction, and records them in `_prisma_migrations` exactly as `prisma migrate deploy` does
 * (same table, same checksum), so the Prisma CLI agrees with what this function did.
 *
 * Why not spawn `prisma migrate deploy`: it takes about 2 s (it loads the wasm schema engine),
 * which start-up could afford but every test database could not; this takes milliseconds.
 *
 * A fresh file is created with `auto_vacuum = INCREMENTAL` (only possible before the first
 * table), so that {@link purgeExpiredSessions} can give space back in small steps instead of a
 * blocking VACUUM.
 *
 * Where a migration's data cannot be moved in SQL (archived payloads are deflated), a data step
 * in TypeScript runs right after its file, in its transaction (`DATA_STEPS`).
 *
 * Safe to call from several processes at once: each migration runs under `BEGIN IMMEDIATE` and
 * is re-checked inside the transaction.
 *
 * @returns the names of the migrations applied by this call (empty when up to date).
 * @throws MigrationFailedError when a migration fails (its changes are rolled back) or an
 *   earlier run left a failed migration behind.
 */
export async function migrateDatabase(file: string, options: MigrateOptions = {}): Promise<string[]> {
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const migrations = readMigrations(dir);
  const absolute = path.resolve(file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  const db = new Database(absolute, { timeout: options.busyTimeoutMs ?? 15000 });
  const applied: string[] = [];
  try {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (tables.n === 0) db.pragma("auto_vacuum = INCREMENTAL");
    db.pragma("journal_mode = WAL");
    // Table redefinitions (DROP + RENAME) must not fire ON DELETE CASCADE; the integrity check
    // below replaces the enforcement for the migration's own transaction.
    db.pragma("foreign_keys = OFF");
    db.exec(MIGRATIONS_TABLE);

    for (const migration of migrations) {
      const run = db.transaction(() => {
        const rows = db
          .prepare("SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = ?")
          .all(migration.name) as { finished_at: unknown; rolled_back_at: unknown }[];
        if (rows.some((r) => r.finished_at !== null && r.rolled_back_at === null)) return false;
        if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) {
          throw new MigrationFailedError(migration.name, {
            detail: "an earlier attempt failed and was never resolved (see `prisma migrate resolve`)",
          });
        }
        const startedAt = Date.now();
        db.exec(migration.sql);
        DATA_STEPS[migration.name]?.(db);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) {
          throw new MigrationFailedError(migration.name, { detail: `${violations.length} foreign key violation(s) after applying it` });
        }
        db.prepare(
          "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)",
        ).run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
        return true;
      });
      try {
        if (run.immediate()) applied.push(migration.name);
      } catch (error) {
        if (error instanceof MigrationFailedError) throw error;
        throw new MigrationFailedError(migration.name, { cause: error, detail: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    db.close();
  }
  return applied;
}
