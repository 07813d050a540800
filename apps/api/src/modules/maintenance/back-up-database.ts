import path from "node:path";
import { runDatabaseBackup } from "@gma/db";
import type { Prisma } from "../../services";

/** What the database-backup job needs: the database file, where backups go and how many are kept. */
export interface DatabaseBackupSettings {
  databaseFile: string;
  dir: string;
  keep: number;
}

/** A backup {@link backUpDatabase} made: the runDatabaseBackup mutation's answer and the scheduled job's result. */
export interface MadeDatabaseBackup {
  /** The DATABASE_BACKUP run that recorded it. */
  runId: number;
  /** Its file name in the backup folder. */
  file: string;
  bytes: number;
  /** When its snapshot was taken (the instant in its name). */
  takenAt: Date;
  durationMs: number;
  /** Older backups retention deleted. */
  deleted: number;
  /** Older backups retention could not delete, with why (the backup itself succeeded). */
  notDeleted: { file: string; error: string }[];
}

/**
 * Backs the database up and records the run (`runDatabaseBackup`): what an admin's Back up now
 * and the scheduled database-backup job both do.
 *
 * @throws BackupFailedError (BACKUP_FAILED, with its reason) when no verified backup could be made; the failed run is recorded.
 */
export async function backUpDatabase(prisma: Prisma, settings: DatabaseBackupSettings): Promise<MadeDatabaseBackup> {
  const run = await runDatabaseBackup(prisma, { file: settings.databaseFile, dir: settings.dir, keep: settings.keep });
  const backup = run.value;
  return { runId: run.runId, file: path.basename(backup.file), bytes: backup.bytes, takenAt: backup.takenAt, durationMs: run.durationMs, deleted: backup.deleted.length, notDeleted: backup.notDeleted };
}
