import type { PrismaClient } from "../client";

/**
 * How long an unfinished run may go unheard of before it is taken for dead, in milliseconds:
 * 5 minutes, ten missed beats of `MAINTENANCE_HEARTBEAT_MS`. Generous on purpose: better-sqlite3
 * runs a statement on the thread that calls it, so a long one (the session purge's full VACUUM
 * of a large file, a write waiting out busy_timeout) holds the event loop and with it the
 * heartbeat timer; closing a live run is the worse mistake, and a dead run closed five minutes
 * later than it could have been costs nothing (the sweep runs at the next maintenance job anyway).
 */
export const MAINTENANCE_RUN_ABANDONED_AFTER_MS = 5 * 60_000;

/** Start of the error an abandoned run is closed with (the time it was last heard of follows). */
export const ABANDONED_RUN_ERROR_PREFIX = "Abandoned: the process running it stopped before the run finished";

/** Options of {@link closeAbandonedMaintenanceRuns}. */
export interface CloseAbandonedMaintenanceRunsOptions {
  /**
   * How long since a run was last heard of before it is closed, in milliseconds.
   * @defaultValue {@link MAINTENANCE_RUN_ABANDONED_AFTER_MS}
   */
  abandonedAfterMs?: number;
  /** The time now. @defaultValue new Date() */
  now?: Date;
}

/** A run {@link closeAbandonedMaintenanceRuns} closed. */
export interface AbandonedMaintenanceRun {
  id: number;
  kind: string;
  /** When it was last heard of, now its finishedAt. */
  lastHeardOf: Date;
}

/**
 * Closes as failed the maintenance runs whose process died: no finishedAt, and not heard of (its
 * `heartbeatAt`, or its `startedAt` for a row from before heartbeats, written by an older
 * version) for `abandonedAfterMs`. Nothing else would ever close them: the page would show them
 * running for ever.
 *
 * finishedAt is the time the run was last heard of: the last instant it is known to have been
 * alive, so the run ended between that and one heartbeat later, while the sweep's own time could
 * be hours after (it runs at the next job) and would make a dead run look as if it had run all
 * that while. duration_ms stays empty: the work it did is unknown. The error says so and when,
 * and what to do (nothing: the job's next run does its work; every job is written to be run again
 * after stopping anywhere).
 *
 * One UPDATE through idx_maintenance_runs_unfinished (a partial index of the unfinished runs
 * alone, usually none or one), atomic against a run finishing at the same moment: a run that
 * finished first is not touched, and one closed first is overwritten by its own finish, as
 * `recordMaintenanceRun` always writes its result; so a live run held up past the threshold is
 * at worst shown abandoned until it finishes. Safe from any number of processes at once.
 *
 * @returns the runs it closed, oldest first.
 * @throws RangeError for a threshold that is not a positive number, and database errors.
 */
export async function closeAbandonedMaintenanceRuns(
  prisma: Pick<PrismaClient, "$queryRawUnsafe">,
  options: CloseAbandonedMaintenanceRunsOptions = {},
): Promise<AbandonedMaintenanceRun[]> {
  const abandonedAfterMs = options.abandonedAfterMs ?? MAINTENANCE_RUN_ABANDONED_AFTER_MS;
  if (!(abandonedAfterMs > 0) || !Number.isFinite(abandonedAfterMs)) {
    throw new RangeError(`closeAbandonedMaintenanceRuns: abandonedAfterMs must be a positive number of milliseconds (got ${abandonedAfterMs})`);
  }
  const cutoff = (options.now ?? new Date()).getTime() - abandonedAfterMs;
  // Times are integer milliseconds (the adapter's unixepoch-ms); the ISO time is built from whole
  // seconds and the remainder, as strftime's %f from a fractional second can be a millisecond off.
  // The COALESCE is written exactly as the index's expression, which is how SQLite matches it.
  const rows = await prisma.$queryRawUnsafe<{ id: number; kind: string; lastHeardOf: number | bigint }[]>(
    `UPDATE maintenance_runs
        SET finished_at = COALESCE("heartbeat_at", "started_at"),
            error = ? || ' (last heard of at '
              || strftime('%Y-%m-%dT%H:%M:%S', COALESCE("heartbeat_at", "started_at") / 1000, 'unixepoch')
              || printf('.%03dZ', COALESCE("heartbeat_at", "started_at") % 1000)
              || '); the job''s next run, scheduled or started by hand, does its work.'
      WHERE finished_at IS NULL AND COALESCE("heartbeat_at", "started_at") < ?
      RETURNING id, kind, finished_at AS lastHeardOf`,
    ABANDONED_RUN_ERROR_PREFIX,
    cutoff,
  );
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, lastHeardOf: new Date(Number(r.lastHeardOf)) })).sort((a, b) => a.lastHeardOf.getTime() - b.lastHeardOf.getTime() || a.id - b.id);
}
