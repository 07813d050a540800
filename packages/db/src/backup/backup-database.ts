import { randomBytes } from "node:crypto";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { BackupFailedError, BackupInvalidError, type BackupFailureReason } from "../errors";
import { backupFileName, backupStem, listBackups } from "./backup-file-name";
import { runSqliteFileWorker, SqliteFileTaskError } from "./run-sqlite-file-worker";
import { syncFolder } from "./sync-to-disk";
import { verifyBackup, type BackupVerification } from "./verify-backup";

/** Options of {@link backupDatabase}. */
export interface BackupDatabaseOptions {
  /** The live database file (it may be open and written to by the API and workers meanwhile). */
  file: string;
  /** Folder of the backups; created when missing. Best on another disk than the database. */
  dir: string;
  /**
   * How many backups of this database the folder keeps, the new one included; older ones are
   * deleted once the new one has verified.
   * @defaultValue 14
   */
  keep?: number;
  /**
   * How long opening the live database may wait for another connection's lock, in milliseconds.
   * @defaultValue 15000
   */
  busyTimeoutMs?: number;
  /** The clock that names the backup (tests). @defaultValue `() => new Date()` */
  now?: () => Date;
}

/** A backup made, verified and in place, as {@link backupDatabase} returns it. */
export interface DatabaseBackup extends BackupVerification {
  /** When the copy's snapshot was taken (the instant in its name). */
  takenAt: Date;
  /** The whole backup (copy, verification, rename, retention) in milliseconds. */
  durationMs: number;
  /** Older backups deleted by retention. */
  deleted: string[];
  /** Older backups retention could not delete, with why (the backup itself succeeded). */
  notDeleted: { file: string; error: string }[];
}

/** Default of {@link BackupDatabaseOptions.keep}: two weeks of daily backups. */
export const DEFAULT_BACKUP_KEEP = 14;

/** A temporary file older than this was left by a process that died mid-backup; a live one is written to continually. */
const STALE_PARTIAL_MS = 60 * 60_000;

/**
 * Makes a consistent copy of a live SQLite database while the API and workers keep reading and
 * writing it, verifies it, and keeps the newest `keep` backups.
 *
 * How the copy is made: `VACUUM INTO` on a read-only connection of its own, on a thread of its
 * own. In WAL mode it reads one snapshot (a single read transaction) while writers go on
 * committing, so the copy holds exactly the transactions committed before it started, never half
 * of one. better-sqlite3's online backup API (sqlite3_backup) was the other candidate: it copies
 * in steps, but restarts from the first page whenever another connection writes between two
 * steps, and the API and workers write continually (analysis progress every few hundred
 * milliseconds), so on a busy database it need never finish, unless it copies in one step and
 * blocks the thread just as VACUUM INTO does. VACUUM INTO also leaves out free pages and
 * defragments, so the copy is as small as the data, and it is written in rollback-journal mode:
 * a single self-contained file with no -wal to forget. SQLite does not sync it, so it is fsynced
 * before it counts.
 *
 * Steps, each of which leaves the folder as it was when it fails: the copy is written to a hidden
 * temporary name (`.<name>.partial-<random>`) in the backup folder; it is verified with
 * {@link verifyBackup} (integrity_check, migration records, row counts); only then does it take
 * the name `<stem>-YYYYMMDDTHHMMSS.mmmZ.sqlite` (UTC; see {@link backupFileName}; never another
 * backup's) and the folder is synced; only then are backups beyond the newest `keep` deleted. A failure removes the temporary
 * file and deletes nothing. Temporary files left by a process killed mid-backup (older than an
 * hour) are removed by the next backup.
 *
 * @throws BackupFailedError (`BACKUP_FAILED`) with a {@link BackupFailureReason}: no database,
 *   a folder it cannot write, a full disk, a copy that does not verify, or another I/O error.
 * @throws RangeError when `keep` is not a positive integer.
 */
export async function backupDatabase(options: BackupDatabaseOptions): Promise<DatabaseBackup> {
  const keep = options.keep ?? DEFAULT_BACKUP_KEEP;
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`backupDatabase: keep must be a positive integer (got ${keep})`);
  const started = performance.now();
  const source = path.resolve(options.file);
  const dir = path.resolve(options.dir);
  if (!existsSync(source)) throw new BackupFailedError("DATABASE_MISSING", `${source} does not exist`);

  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw fileSystemFailure(error, `cannot create the backup folder ${dir}`);
  }
  removeStalePartials(dir, source);

  let takenAt = (options.now ?? (() => new Date()))();
  const partial = path.join(dir, `.${backupFileName(source, takenAt)}.partial-${randomBytes(4).toString("hex")}`);

  // Created here (empty, which VACUUM INTO accepts as its target) so that a folder this process
  // cannot write fails as such, before SQLite reports it as a vaguer "unable to open".
  try {
    closeSync(openSync(partial, "wx"));
  } catch (error) {
    throw fileSystemFailure(error, `cannot write in the backup folder ${dir}`);
  }

  let verification: BackupVerification;
  let final: string;
  try {
    try {
      await runSqliteFileWorker({ op: "copy", source, target: partial, busyTimeoutMs: options.busyTimeoutMs ?? 15_000 });
    } catch (error) {
      throw copyFailure(error, source);
    }
    try {
      verification = await verifyBackup(partial);
    } catch (error) {
      if (error instanceof BackupInvalidError) throw new BackupFailedError("VERIFICATION_FAILED", `the copy of ${source} ${error.problems.join("; ")}`, { cause: error });
      throw error;
    }
    try {
      [final, takenAt] = moveIntoPlace(partial, dir, source, takenAt);
    } catch (error) {
      throw fileSystemFailure(error, `cannot rename the verified copy ${partial}`);
    }
  } catch (error) {
    removeQuietly(partial);
    throw error;
  }
  syncFolder(dir);

  const deleted: string[] = [];
  const notDeleted: { file: string; error: string }[] = [];
  const older = listBackups(dir, source).filter((b) => b.file !== final);
  for (const old of older.slice(keep - 1)) {
    try {
      unlinkSync(old.file);
      deleted.push(old.file);
    } catch (error) {
      // Another backup's retention may have deleted it first.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      notDeleted.push({ file: old.file, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ...verification, file: final, takenAt, durationMs: performance.now() - started, deleted, notDeleted };
}

/** link() errors of file systems without hard links, where a rename must do. */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Gives the verified copy its backup name without ever replacing another backup: two backups in
 * the same millisecond (a manual one beside the scheduled one, in another process) would
 * otherwise rename onto one name, and one of them would be lost. link() fails when the name is
 * taken, atomically; the copy then takes the next millisecond's name.
 */
function moveIntoPlace(partial: string, dir: string, source: string, takenAt: Date): [string, Date] {
  for (let at = takenAt; ; at = new Date(at.getTime() + 1)) {
    const final = path.join(dir, backupFileName(source, at));
    try {
      linkSync(partial, final);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST") continue;
      if (!NO_HARD_LINKS.has(code)) throw error;
      if (existsSync(final)) continue;
      renameSync(partial, final);
      return [final, at];
    }
    try {
      unlinkSync(partial);
    } catch {
      // The backup is in place under its name; a temporary name left beside it is swept later.
    }
    return [final, at];
  }
}

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR"]);
const FULL = new Set(["ENOSPC", "EDQUOT", "EFBIG", "SQLITE_FULL"]);

function reasonOf(code: string | undefined): BackupFailureReason {
  if (code && FULL.has(code)) return "DISK_FULL";
  if (code && UNWRITABLE.has(code)) return "DIR_UNWRITABLE";
  return "IO_ERROR";
}

function fileSystemFailure(error: unknown, what: string): BackupFailedError {
  const code = (error as NodeJS.ErrnoException).code;
  return new BackupFailedError(reasonOf(code), `${what} (${code ?? (error instanceof Error ? error.message : String(error))})`, { cause: error });
}

function copyFailure(error: unknown, source: string): BackupFailedError {
  const code = error instanceof SqliteFileTaskError ? error.code : (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  // SQLite reports ENOSPC as SQLITE_FULL; other failed writes (a file size limit among them)
  // are SQLITE_IOERR_*, an I/O error.
  const reason = code === "SQLITE_CANTOPEN" && !existsSync(source) ? "DATABASE_MISSING" : reasonOf(code);
  return new BackupFailedError(reason, `copying ${source} failed (${code ?? "error"}: ${message})`, { cause: error });
}

/** Removes `.<stem>-*.partial-*` files nobody has written to for an hour (a killed backup's). */
function removeStalePartials(dir: string, source: string): void {
  const prefix = `.${backupStem(source)}-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.includes(".sqlite.partial-")) continue;
    const file = path.join(dir, name);
    try {
      if (Date.now() - statSync(file).mtimeMs > STALE_PARTIAL_MS) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove: the backup goes on.
    }
  }
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-journal`]) {
    try {
      rmSync(f, { force: true });
    } catch {
      // Best effort: the error being reported matters more.
    }
  }
}
