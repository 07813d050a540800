import { archiveAnalyses, MaintenanceKind, recordMaintenanceRun } from "@gma/db";
import type { Job } from "bullmq";
import type { SessionStore } from "../auth/session-store";
import type { Logger } from "../logger";
import type { AnalysisFiles } from "../modules/analyses/analysis-files";
import { expireAnalysisInputs } from "../modules/analyses/expire-analysis-inputs";
import { backUpDatabase } from "../modules/maintenance/back-up-database";
import type { UploadService } from "../modules/uploads/upload.service";
import type { Prisma } from "../services";
import type { MaintenanceJobData } from "./queues";
import { sweepAbandonedMaintenanceRuns } from "./sweep-abandoned-maintenance-runs";

/** Options of {@link createMaintenanceProcessor}. */
export interface MaintenanceProcessorOptions {
  prisma: Prisma;
  sessions: SessionStore;
  uploads: UploadService;
  logger: Logger;
  purgeBatchSize: number;
  archiveAfterDays: number;
  /** Where the analyses' inputs are (the input-retention job). */
  files: AnalysisFiles;
  /** Days an analysis's input is kept after it finished (VIDEO_RETENTION_DAYS). */
  retentionDays: number;
  /** The database file the database-backup job copies. */
  databaseFile: string;
  /** Where its backups go and how many are kept (DATABASE_BACKUP_DIR, DATABASE_BACKUP_KEEP). */
  backup: { dir: string; keep: number };
}

/**
 * The processor of maintenance jobs; the job name is the kind. Every job first closes the runs
 * whose process died ({@link sweepAbandonedMaintenanceRuns}), so none shows as running for ever.
 */
export function createMaintenanceProcessor(options: MaintenanceProcessorOptions) {
  return async (job: Job<MaintenanceJobData>) => {
    await sweepAbandonedMaintenanceRuns(options.prisma, options.logger, job.name);
    switch (job.name) {
      case "session-purge":
        return options.sessions.purgeExpired({ batchSize: job.data.batchSize ?? options.purgeBatchSize, vacuum: job.data.vacuum ?? true });
      case "analysis-archive": {
        const result = await archiveAnalyses(options.prisma, { olderThanDays: options.archiveAfterDays });
        return { rows: result.rows, batches: result.batches, durationMs: result.durationMs };
      }
      // Session purge and archiving record their own runs; these two are recorded here, so the
      // maintenanceRuns history shows every job, a failed one with its error.
      case "upload-expiry": {
        const run = await recordMaintenanceRun(options.prisma, MaintenanceKind.UPLOAD_EXPIRY, (progress) => options.uploads.expire(Date.now(), progress));
        return { runId: run.runId, removed: run.value, durationMs: run.durationMs };
      }
      case "input-retention": {
        const run = await recordMaintenanceRun(options.prisma, MaintenanceKind.INPUT_RETENTION, (progress) =>
          expireAnalysisInputs(options.prisma, options.files, {
            retentionDays: options.retentionDays,
            // The run record takes the result's tally (removed files as rows), also when it fails part-way.
            onProgress: ({ removed, batches }) => {
              progress.rows = removed;
              progress.batches = batches;
            },
          }),
        );
        return { runId: run.runId, ...run.value, durationMs: run.durationMs };
      }
      // Recorded by runDatabaseBackup, with the backup's size and name; a failed backup fails
      // the job, which the queue retries once a minute later.
      case "database-backup": {
        const { notDeleted, ...made } = await backUpDatabase(options.prisma, { databaseFile: options.databaseFile, ...options.backup });
        if (notDeleted.length > 0) options.logger.warn("database backup: older backups could not be deleted", { notDeleted });
        options.logger.info("database backup", { file: made.file, dir: options.backup.dir, bytes: made.bytes, deleted: made.deleted, durationMs: Math.round(made.durationMs) });
        return made;
      }
      default:
        options.logger.warn("unknown maintenance job", { name: job.name });
        return { skipped: true };
    }
  };
}
