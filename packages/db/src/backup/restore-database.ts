import { randomBytes } from "node:crypto";
import { constants, copyFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { DatabaseInUseError, RestoreFailedError } from "../errors";
import { committedMigrations, defaultMigrationsDir } from "../migrations";
import { assertDatabaseIdle } from "./assert-database-idle";
import { settleRestoredCopy, type SettledCopy } from "./settle-restored-copy";
import { syncFile, syncFolder } from "./sync-to-disk";
import { verifyBackup, type BackupVerification } from "./verify-backup";

/** Options of {@link restoreDatabase}. */
export interface RestoreDatabaseOptions {
  /** The database file to replace (it need not exist). Nothing may have it open. */
  file: string;
  /** The backup to restore (a file {@link backupDatabase} made, or any sound copy of the database). */
  backup: string;
  /**
   * The committed migrations of this version; a backup with others (made by a newer version) is refused.
   * @defaultValue the repository's `prisma/migrations`
   */
  migrationsDir?: string;
  /** The clock that names the file set aside (tests). @defaultValue `() => new Date()` */
  now?: () => Date;
}

/** What {@link restoreDatabase} did. */
export interface RestoredDatabase {
  /** The database file, now holding the backup's data. */
  file: string;
  /** The backup restored, as verified. */
  backup: BackupVerification;
  /** Where the database that was replaced now is (`<file>.pre-restore-<UTC time>`); null when there was none. */
  previous: string | null;
  /** Its -wal, -shm and -journal files, moved beside it under its name (empty when it had none). */
  previousSideFiles: string[];
  /** Committed migrations the backup predates: the next start of the API or worker (or `npm run db:migrate`) applies them. */
  pendingMigrations: string[];
  /**
   * Maintenance runs that were in progress when the backup was taken, closed as failed: all of
   * them but the backup's own run, when that one can be told (`backupRunCompleted`).
   */
  unfinishedRunsClosed: number;
  /**
   * The DATABASE_BACKUP run that made the backup (caught in progress by its own copy), closed as
   * the successful backup it was; null when the backup has no such run (one made by
   * `npm run db:backup`) or which run made it cannot be told (then it is among
   * `unfinishedRunsClosed`, its error saying why).
   */
  backupRunCompleted: number | null;
  /** Sessions of the backup, deleted: everyone signs in again. */
  sessionsRevoked: number;
}

const SIDE_FILES = ["-wal", "-shm", "-journal"] as const;

/**
 * Replaces a database with a backup, refusing while the database is in use and keeping the
 * current one aside.
 *
 * Order, so that every failure leaves the current database where and as it was:
 * 1. the backup is verified ({@link verifyBackup}: integrity_check, migration records, row
 *    counts, and no migration this version does not know); a bad one is refused untouched;
 * 2. the database is checked to be idle ({@link assertDatabaseIdle}: refused while the API, a
 *    worker or a shell has it open on this machine);
 * 3. the backup is copied beside the database under a temporary name, fsynced and verified
 *    again (the copy is what will be used). In the copy ({@link settleRestoredCopy}), maintenance
 *    runs that were in progress when the backup was taken are closed, since they will never
 *    finish in the restored database: the backup job's own run (always among them) as the
 *    successful backup it was, finished when the copy was taken, when it can be told from the
 *    others; every other one as failed, with an error saying so. Its sessions are deleted, so
 *    that everyone signs in again: a session signed out or revoked after the backup was taken
 *    would otherwise be valid again. The restore is recorded in its audit log
 *    (`database.restore`);
 * 4. the database is checked idle again and its WAL folded into it, then it is renamed to
 *    `<file>.pre-restore-<UTC time>`, never deleted, with its -wal, -shm and -journal moved
 *    under the same name: a -wal left beside the restored file would be replayed into it by
 *    SQLite (another database's pages: corruption), and moving it, rather than deleting it,
 *    keeps any transaction the checkpoint could not fold in;
 * 5. the copy is renamed to the database's name and the folder synced.
 *
 * Schema: the restored database keeps the backup's migrations; the next start (or
 * `npm run db:migrate`) applies the newer ones (`pendingMigrations`).
 *
 * @throws BackupInvalidError (`BACKUP_INVALID`) when the backup does not verify.
 * @throws DatabaseInUseError (`DATABASE_IN_USE`) when the database is open elsewhere.
 * @throws RestoreFailedError (`RESTORE_FAILED`) when a copy or rename fails (disk full...); the
 *   current database is left, or put back, in place.
 */
export async function restoreDatabase(options: RestoreDatabaseOptions): Promise<RestoredDatabase> {
  const file = path.resolve(options.file);
  const backupPath = path.resolve(options.backup);
  if (existsSync(file) && existsSync(backupPath) && realpathSync(file) === realpathSync(backupPath)) {
    throw new RestoreFailedError(`${backupPath} is the database itself`, { hint: "Name a backup file (see DATABASE_BACKUP_DIR), not the live database." });
  }
  const known = committedMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const backup = await verifyBackup(backupPath, { knownMigrations: known });
  if (existsSync(file)) assertDatabaseIdle(file);

  const dir = path.dirname(file);
  const copy = `${file}.restoring-${randomBytes(4).toString("hex")}`;
  const restoredAt = (options.now ?? (() => new Date()))();
  let settled: SettledCopy;
  try {
    mkdirSync(dir, { recursive: true });
    copyFileSync(backupPath, copy, constants.COPYFILE_EXCL);
    settled = settleRestoredCopy(copy, backup, restoredAt);
    syncFile(copy);
    await verifyBackup(copy, { knownMigrations: known });
  } catch (error) {
    removeWithSideFiles(copy);
    const code = (error as NodeJS.ErrnoException).code;
    throw new RestoreFailedError(`could not copy ${backupPath} to ${copy} (${code ?? (error instanceof Error ? error.message : String(error))})`, { cause: error });
  }
  // Verifying may have opened a WAL-mode copy and left an empty -shm beside it.
  removeSideFiles(copy);

  let previous: string | null = null;
  const previousSideFiles: string[] = [];
  const moved: [from: string, to: string][] = [];
  try {
    if (existsSync(file)) {
      assertDatabaseIdle(file);
      previous = `${file}.pre-restore-${restoredAt.toISOString().replace(/[-:]/g, "")}`;
      renameSync(file, previous);
      moved.push([file, previous]);
      for (const suffix of SIDE_FILES) {
        if (!existsSync(file + suffix)) continue;
        renameSync(file + suffix, previous + suffix);
        moved.push([file + suffix, previous + suffix]);
        previousSideFiles.push(previous + suffix);
      }
    }
    renameSync(copy, file);
  } catch (error) {
    // Put back what was moved, newest move first, so that the database is as it was.
    for (const [from, to] of moved.reverse()) {
      try {
        renameSync(to, from);
      } catch {
        // Reported below with the original error; the file is still under its aside name.
      }
    }
    removeWithSideFiles(copy);
    if (error instanceof DatabaseInUseError) throw error;
    throw new RestoreFailedError(`could not put ${copy} in place of ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  syncFolder(dir);
  const restored = new Set(backup.migrations);
  return { file, backup, previous, previousSideFiles, pendingMigrations: known.filter((m) => !restored.has(m)), ...settled };
}

function removeSideFiles(file: string): void {
  for (const suffix of SIDE_FILES) rmSync(file + suffix, { force: true });
}

function removeWithSideFiles(file: string): void {
  try {
    rmSync(file, { force: true });
    removeSideFiles(file);
  } catch {
    // Best effort: the error being reported matters more.
  }
}
