import type { BackupStatus } from "../modules/maintenance/maintenance.service";

/** Names of the database-backup metrics of /metrics. */
export const BACKUP_METRICS = {
  lastSuccessTimestamp: "gma_database_backup_last_success_timestamp_seconds",
  lastSuccessBytes: "gma_database_backup_last_success_bytes",
  lastDuration: "gma_database_backup_last_duration_seconds",
  lastFailureTimestamp: "gma_database_backup_last_failure_timestamp_seconds",
  schedulePeriod: "gma_database_backup_schedule_period_seconds",
} as const;

/**
 * The database backup in Prometheus text format: when the newest successful backup finished and
 * its size, how long the newest finished run took (success or failure), when the newest failed
 * run finished, and the schedule's period. They come from the database (the runs every process
 * recorded) and the Job Scheduler, so each API process answers the same; nothing here is summed
 * over processes.
 *
 * A value that does not exist is left out, its HELP and TYPE kept: no successful backup yet, no
 * failed one, no schedule. A zero would read as a backup taken in 1970, which an alert on the
 * backup's age would catch only by luck; `absent()` is the way to alert on "never".
 */
export function renderBackupMetrics(status: Pick<BackupStatus, "lastSuccess" | "lastFailure" | "schedule">): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number | null | undefined) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    if (value !== null && value !== undefined && Number.isFinite(value)) lines.push(`${name} ${value}`);
  };
  const seconds = (date: Date | undefined) => (date === undefined ? null : date.getTime() / 1000);
  const { lastSuccess, lastFailure, schedule } = status;
  // The newest finished run, whichever way it ended: runs are ordered by when they started.
  const newest = [lastSuccess, lastFailure].filter((r) => r !== null).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
  gauge(BACKUP_METRICS.lastSuccessTimestamp, "When the newest successful (verified) database backup finished, in seconds since the epoch; absent when there is none.", seconds(lastSuccess?.finishedAt));
  gauge(BACKUP_METRICS.lastSuccessBytes, "Size in bytes of the newest successful database backup; absent when there is none.", lastSuccess?.bytes);
  gauge(BACKUP_METRICS.lastDuration, "How long the newest finished database backup run took, successful or not, in seconds; absent when none finished.", newest?.durationMs == null ? null : newest.durationMs / 1000);
  gauge(BACKUP_METRICS.lastFailureTimestamp, "When the newest failed database backup run finished, in seconds since the epoch; absent when none failed. Newer than the last success: the newest run failed.", seconds(lastFailure?.finishedAt));
  gauge(BACKUP_METRICS.schedulePeriod, "The longest the database backup schedule leaves between two runs, in seconds; absent when backups are not scheduled.", schedule?.periodMinutes == null ? null : schedule.periodMinutes * 60);
  return lines.join("\n") + "\n";
}
