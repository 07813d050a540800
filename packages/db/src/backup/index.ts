export { backupDatabase, DEFAULT_BACKUP_KEEP, type BackupDatabaseOptions, type DatabaseBackup } from "./backup-database";
export { restoreDatabase, type RestoreDatabaseOptions, type RestoredDatabase } from "./restore-database";
export { verifyBackup, type BackupVerification, type VerifyBackupOptions } from "./verify-backup";
export { assertDatabaseIdle, type IdleDatabase } from "./assert-database-idle";
export { backupFileName, listBackups, parseBackupFileName, type BackupFile, type BackupFileName } from "./backup-file-name";
