export { purgeExpiredSessions, type PurgeExpiredSessionsOptions, type PurgeResult } from "./purge-expired-sessions";
export { archiveAnalyses, readArchivedAnalysis, unpackArchivedAnalysis, type ArchiveAnalysesOptions, type ArchiveResult, type ArchivedAnalysis } from "./archive-analyses";
export { MAINTENANCE_HEARTBEAT_MS, recordMaintenanceRun, type MaintenanceRunProgress, type RecordMaintenanceRunOptions, type RecordedMaintenanceRun } from "./record-maintenance-run";
export {
  ABANDONED_RUN_ERROR_PREFIX,
  closeAbandonedMaintenanceRuns,
  MAINTENANCE_RUN_ABANDONED_AFTER_MS,
  type AbandonedMaintenanceRun,
  type CloseAbandonedMaintenanceRunsOptions,
} from "./close-abandoned-maintenance-runs";
export { runDatabaseBackup } from "./run-database-backup";
export { readBackupRuns, type BackupRunRecord, type BackupRuns } from "./read-backup-runs";
