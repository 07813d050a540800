import { statSync } from "node:fs";
import path from "node:path";
import { BackupInvalidError } from "../errors";
import { runSqliteFileWorker, SqliteFileTaskError, type SqliteFileFacts } from "./run-sqlite-file-worker";

/** What {@link verifyBackup} found in a sound backup. */
export interface BackupVerification {
  /** Absolute path of the file verified. */
  file: string;
  /** Its size in bytes. */
  bytes: number;
  /** The migrations applied to it, in order (its schema version). */
  migrations: string[];
  /** Rows of every table (accounts, patients, analyses, archive...). */
  rowCounts: Record<string, number>;
}

/** Options of {@link verifyBackup}. */
export interface VerifyBackupOptions {
  /**
   * The migrations this version of GMA Insight has. When given, a backup with any other
   * migration (made by a newer version) is refused: this version's code would not know its schema.
   */
  knownMigrations?: readonly string[];
}

/**
 * Checks that a file is a sound GMA Insight database: SQLite opens it, `PRAGMA integrity_check`
 * finds nothing wrong, its migration records are there with none failed, and every table's rows
 * can be counted. Runs on a thread of its own (the check reads the whole file).
 *
 * @throws BackupInvalidError listing every problem found; the file is never changed.
 */
export async function verifyBackup(file: string, options: VerifyBackupOptions = {}): Promise<BackupVerification> {
  const absolute = path.resolve(file);
  let bytes: number;
  try {
    const stat = statSync(absolute);
    if (!stat.isFile()) throw new BackupInvalidError(absolute, ["it is not a file"]);
    bytes = stat.size;
  } catch (error) {
    if (error instanceof BackupInvalidError) throw error;
    throw new BackupInvalidError(absolute, [`it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`], { cause: error });
  }
  let facts: SqliteFileFacts;
  try {
    facts = await runSqliteFileWorker({ op: "verify", file: absolute });
  } catch (error) {
    throw new BackupInvalidError(absolute, [describeOpenFailure(error)], { cause: error });
  }
  const problems = problemsOf(facts, options.knownMigrations);
  if (problems.length > 0) throw new BackupInvalidError(absolute, problems);
  return { file: absolute, bytes, migrations: facts.migrations!.filter((m) => m.finished && !m.rolledBack).map((m) => m.name), rowCounts: facts.rowCounts };
}

function describeOpenFailure(error: unknown): string {
  if (error instanceof SqliteFileTaskError) {
    if (error.code === "SQLITE_NOTADB") return "it is not a SQLite database";
    if (error.code?.startsWith("SQLITE_CORRUPT")) return `it is damaged (${error.message})`;
    return `SQLite cannot read it (${error.code ?? "error"}: ${error.message})`;
  }
  return `it could not be checked (${error instanceof Error ? error.message : String(error)})`;
}

function problemsOf(facts: SqliteFileFacts, known: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  if (facts.integrity.length > 0) problems.push(`integrity_check found ${facts.integrity.join(" / ")}`);
  if (facts.migrations === null) {
    problems.push("it has no _prisma_migrations table (not a GMA Insight database)");
    return problems;
  }
  const applied = facts.migrations.filter((m) => m.finished && !m.rolledBack);
  if (applied.length === 0) problems.push("no migration was ever applied to it");
  for (const m of facts.migrations) if (!m.finished && !m.rolledBack) problems.push(`migration ${m.name} failed in it and was never resolved`);
  if (known) {
    const knownSet = new Set(known);
    const unknown = applied.filter((m) => !knownSet.has(m.name)).map((m) => m.name);
    if (unknown.length > 0) problems.push(`it has migration(s) this version does not know (${unknown.join(", ")}): it was made by a newer version`);
  }
  return problems;
}
