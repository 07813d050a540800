import path from "node:path";
import { backupDatabase, type BackupDatabaseOptions, type DatabaseBackup } from "../backup";
import { MaintenanceKind, type PrismaClient } from "../client";
import { recordMaintenanceRun, type RecordedMaintenanceRun } from "./record-maintenance-run";

/**
 * The database-backup maintenance job: {@link backupDatabase}, recorded as a MaintenanceRun of
 * kind DATABASE_BACKUP with the backup's size (`bytes`), its file name (`output`), the older
 * backups retention deleted (`rowsAffected`) and the duration; a failed backup is recorded with
 * its error (BACKUP_FAILED and its reason) and rethrown.
 *
 * The run's own row is in the database being copied, unfinished: a restore of that backup
 * records it as the success it was, finished when the copy was taken, telling it by its start
 * just before the time in the backup's name (see {@link restoreDatabase}). So the row is created
 * before the backup starts, and nothing slow may come between them.
 */
export function runDatabaseBackup(prisma: Pick<PrismaClient, "maintenanceRun">, options: BackupDatabaseOptions): Promise<RecordedMaintenanceRun<DatabaseBackup>> {
  return recordMaintenanceRun(prisma, MaintenanceKind.DATABASE_BACKUP, async (progress) => {
    const backup = await backupDatabase(options);
    progress.batches = 1;
    progress.rows = backup.deleted.length;
    progress.bytes = backup.bytes;
    progress.output = path.basename(backup.file);
    return backup;
  });
}
