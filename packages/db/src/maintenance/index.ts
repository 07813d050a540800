export { purgeExpiredSessions, type PurgeExpiredSessionsOptions, type PurgeResult } from "./purge-expired-sessions";
export { archiveAnalyses, readArchivedAnalysis, unpackArchivedAnalysis, type ArchiveAnalysesOptions, type ArchiveResult, type ArchivedAnalysis } from "./archive-analyses";
export { recordMaintenanceRun, type MaintenanceRunProgress, type RecordedMaintenanceRun } from "./record-maintenance-run";
export { runDatabaseBackup } from "./run-database-backup";
export { readBackupRuns, type BackupRunRecord, type BackupRuns } from "./read-backup-runs";
