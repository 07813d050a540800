/** A backup run as the health rule needs it (the API's DatabaseBackupRun). */
export interface BackupRunTimes {
  startedAt: string;
  finishedAt: string;
  error?: string | null;
}

/** What {@link backupHealth} judges. */
export interface BackupHealthInput {
  /** The newest successful backup; null when there is none. */
  lastSuccess: BackupRunTimes | null;
  /** The newest failed backup run; null when none failed. */
  lastFailure: BackupRunTimes | null;
  /** The longest the backup schedule leaves between two runs, in minutes; null when backups are not scheduled. */
  periodMinutes: number | null;
}

/**
 * - `ok`: the newest run succeeded, within twice the schedule's period;
 * - `never`: no backup has been made;
 * - `failed`: the newest run failed (whatever the age of the last good one);
 * - `stale`: the newest backup is older than twice the schedule's period (runs stopped happening);
 * - `unscheduled`: backups are made only by hand, so nothing says when the next one comes.
 */
export type BackupHealthState = "ok" | "never" | "failed" | "stale" | "unscheduled";

/** The verdict on the database backups, in words that say what to do. */
export interface BackupHealth {
  state: BackupHealthState;
  /** One line: what is wrong (or that all is well). */
  summary: string;
  /** What to do about it; null when nothing is to be done. */
  action: string | null;
  /** Milliseconds since the newest successful backup finished; null when there is none. */
  ageMs: number | null;
  /** How old the newest backup may get before it is stale (twice the period); null when not scheduled. */
  staleAfterMs: number | null;
}

/** A backup is stale once it is older than this many schedule periods: one missed run is tolerated, a second is not. */
export const STALE_AFTER_PERIODS = 2;

const CHECK_WORKER = "Check that a worker is running (Queues page: the maintenance queue's workers)";

/**
 * Whether the database is backed up as it should be, by the rule the maintenance page and the
 * README's Prometheus alert share: the newest successful backup must be younger than twice the
 * schedule's period, and the newest run must not have failed. A run counts as newer by when it
 * started (the runs' order).
 */
export function backupHealth(input: BackupHealthInput, now: number): BackupHealth {
  const { lastSuccess, lastFailure, periodMinutes } = input;
  const ageMs = lastSuccess ? Math.max(0, now - Date.parse(lastSuccess.finishedAt)) : null;
  const staleAfterMs = periodMinutes !== null && periodMinutes > 0 ? periodMinutes * 60_000 * STALE_AFTER_PERIODS : null;
  const verdict = (state: BackupHealthState, summary: string, action: string | null): BackupHealth => ({ state, summary, action, ageMs, staleAfterMs });
  const newestFailed = lastFailure !== null && (lastSuccess === null || Date.parse(lastFailure.startedAt) > Date.parse(lastSuccess.startedAt));
  const failure = lastFailure?.error ? `: ${lastFailure.error}` : "";

  if (lastSuccess === null) {
    return verdict(
      "never",
      newestFailed ? `No backup of the database has been made: the last try failed${failure}` : "No backup of the database has been made yet.",
      newestFailed
        ? "Fix what the error names (the hint in the run history; usually DATABASE_BACKUP_DIR's disk or permissions), then press Back up now."
        : `Press Back up now to make the first one. ${CHECK_WORKER}, and that DATABASE_BACKUP_SCHEDULE is not off, so that backups follow on their own.`,
    );
  }
  if (newestFailed) {
    return verdict(
      "failed",
      `The newest backup run failed${failure}`,
      "Fix what the error names (usually DATABASE_BACKUP_DIR's disk or permissions), then press Back up now; the earlier backups are kept. The queue tries a failed scheduled run again after a minute.",
    );
  }
  if (staleAfterMs === null) {
    return verdict(
      "unscheduled",
      "Backups are not scheduled: only Back up now and npm run db:backup make them.",
      `Set a schedule above (or DATABASE_BACKUP_SCHEDULE, then restart the worker). ${CHECK_WORKER}: it registers the nightly schedule when it starts.`,
    );
  }
  if (ageMs! > staleAfterMs) {
    return verdict(
      "stale",
      `The newest backup is older than ${STALE_AFTER_PERIODS} × the schedule's period: scheduled backups have stopped.`,
      `${CHECK_WORKER} and Redis answers, and look for failed database backup runs below; then press Back up now.`,
    );
  }
  return verdict("ok", "Backed up on schedule.", null);
}
