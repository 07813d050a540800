import type { PrismaClient } from "../client";

/** A finished DATABASE_BACKUP run, as {@link readBackupRuns} reads it. */
export interface BackupRunRecord {
  /** Id of the MaintenanceRun row. */
  runId: number;
  startedAt: Date;
  finishedAt: Date;
  /** The whole run in milliseconds; null for a run a restore closed (it never finished in the copy) or one closed as abandoned (its process died; see closeAbandonedMaintenanceRuns). */
  durationMs: number | null;
  /** The backup's size in bytes; null for a failed run. */
  bytes: number | null;
  /** The backup's file name in the backup folder; null for a failed run. */
  file: string | null;
  /** Why the run failed; null for a successful one. */
  error: string | null;
}

/** The newest successful and the newest failed backup run; either is null when there is none. */
export interface BackupRuns {
  lastSuccess: BackupRunRecord | null;
  lastFailure: BackupRunRecord | null;
}

interface Row {
  outcome: string;
  id: number | bigint;
  started_at: Date;
  finished_at: Date;
  duration_ms: number | null;
  bytes: number | bigint | null;
  output: string | null;
  error: string | null;
}

/**
 * The newest successful and the newest failed DATABASE_BACKUP run, in one statement of two index
 * probes, cheap enough for every Prometheus scrape: the success is near the top of
 * idx_maintenance_runs_kind_started (only failures and a running backup are skipped), and the
 * failure comes from idx_maintenance_runs_failed, the partial index of failed runs, so that a
 * healthy history of thousands of successes is not walked to find none.
 *
 * Every process records its runs in this database, so this is the same answer whichever API
 * process is asked, unlike the per-process figures of a performance snapshot. A run still going
 * is neither.
 */
export async function readBackupRuns(prisma: Pick<PrismaClient, "$queryRaw">): Promise<BackupRuns> {
  // The subqueries keep each ORDER BY ... LIMIT 1 to its own side of the UNION.
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT 'success' AS outcome, id, started_at, finished_at, duration_ms, bytes, output, error FROM maintenance_runs
      WHERE kind = 'DATABASE_BACKUP' AND error IS NULL AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1)
    UNION ALL
    SELECT * FROM (
      SELECT 'failure' AS outcome, id, started_at, finished_at, duration_ms, bytes, output, error FROM maintenance_runs
      WHERE kind = 'DATABASE_BACKUP' AND error IS NOT NULL AND finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1)`;
  const record = (outcome: string): BackupRunRecord | null => {
    const row = rows.find((r) => r.outcome === outcome);
    if (!row) return null;
    return {
      runId: Number(row.id),
      startedAt: new Date(row.started_at),
      finishedAt: new Date(row.finished_at),
      durationMs: row.duration_ms,
      // BIGINT for backups past 2 GiB; a double holds any file size exactly.
      bytes: row.bytes === null ? null : Number(row.bytes),
      file: row.output,
      error: row.error,
    };
  };
  return { lastSuccess: record("success"), lastFailure: record("failure") };
}
