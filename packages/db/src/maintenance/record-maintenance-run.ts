import type { MaintenanceKind, PrismaClient } from "../client";

/**
 * What a maintenance run has done so far. The run's work updates it as it goes, so a run that
 * fails part-way is recorded with what it did before the error.
 */
export interface MaintenanceRunProgress {
  /** Rows (or files) the run deleted, moved or removed. */
  rows: number;
  /** Batches (transactions or queries) the run made. */
  batches: number;
  /** Whether the run gave freed pages back to the file system. */
  vacuumed: boolean;
  /** Bytes of the file the run wrote (a backup's size); null when it wrote none. */
  bytes: number | null;
  /** The file the run wrote (a backup's name); null when it wrote none. */
  output: string | null;
}

/** A finished run recorded by {@link recordMaintenanceRun}. */
export interface RecordedMaintenanceRun<T> extends MaintenanceRunProgress {
  /** Id of the MaintenanceRun row. */
  runId: number;
  /** The whole run in milliseconds, from just before its row was created. */
  durationMs: number;
  /** What the work returned. */
  value: T;
}

/**
 * How often a run in progress refreshes its `heartbeatAt`, in milliseconds: 30 s. Each beat is
 * one indexed single-row UPDATE, so this costs nothing next to the work, and it is well under
 * `MAINTENANCE_RUN_ABANDONED_AFTER_MS`, which allows ten missed beats.
 */
export const MAINTENANCE_HEARTBEAT_MS = 30_000;

/** Options of {@link recordMaintenanceRun}. */
export interface RecordMaintenanceRunOptions {
  /**
   * How often the run's `heartbeatAt` is refreshed while `work` runs, in milliseconds (tests
   * pass a short one).
   * @defaultValue {@link MAINTENANCE_HEARTBEAT_MS}
   */
  heartbeatMs?: number;
}

/**
 * Runs one maintenance job and records it as a MaintenanceRun of `kind`: the row is created
 * (startedAt) before `work` starts, so a run in progress is visible; when `work` resolves, the
 * row gets finishedAt, the rows, batches, vacuum flag and file written from `progress`, and the duration. When
 * `work` throws, the row is finished the same way with the error's message, then the error is
 * rethrown, so a failed run never stays "running". Recording the failure is best effort: if
 * that update fails too, the original error is the one thrown.
 *
 * While `work` runs, the row's `heartbeatAt` is refreshed every `heartbeatMs`, so that a run
 * whose process died (killed, out of memory, power lost: no code of it runs to finish the row)
 * can be told from a long live one and closed by `closeAbandonedMaintenanceRuns`. A
 * heartbeat in the row itself, rather than the BullMQ job's lock, because runs are recorded
 * outside the queue too (an admin's backup or purge runs in the API process) and a row has no
 * link to a job; and rather than a process id, which says nothing across machines or
 * containers. The timer is unref'd (it never keeps a process alive), a failed beat is ignored
 * (the run goes on; the next beat may pass, and a run should not fail for its bookkeeping), a
 * beat never touches a finished row, and the timer stops before the row is finished, so no
 * beat follows the end of a run. Should a live run be closed as abandoned anyway (a statement
 * that held this thread past the threshold), its own finish still writes what really happened.
 *
 * @param work - The job; it updates `progress` as it goes and may read `runId`.
 * @throws whatever `work` throws, and a database error when the row cannot be created.
 */
export async function recordMaintenanceRun<T>(
  prisma: Pick<PrismaClient, "maintenanceRun">,
  kind: MaintenanceKind,
  work: (progress: MaintenanceRunProgress, runId: number) => Promise<T>,
  options: RecordMaintenanceRunOptions = {},
): Promise<RecordedMaintenanceRun<T>> {
  const heartbeatMs = options.heartbeatMs ?? MAINTENANCE_HEARTBEAT_MS;
  // setInterval takes at most 2^31 - 1 ms and runs a longer delay every millisecond instead.
  if (!(heartbeatMs > 0 && heartbeatMs <= 2 ** 31 - 1)) throw new RangeError(`recordMaintenanceRun: heartbeatMs must be a number of milliseconds in 1..2147483647 (got ${heartbeatMs})`);
  const started = performance.now();
  const startedAt = new Date();
  const run = await prisma.maintenanceRun.create({ data: { kind, startedAt, heartbeatAt: startedAt }, select: { id: true } });
  const progress: MaintenanceRunProgress = { rows: 0, batches: 0, vacuumed: false, bytes: null, output: null };
  const record = (durationMs: number, error: string | null) =>
    prisma.maintenanceRun.update({
      where: { id: run.id },
      data: {
        finishedAt: new Date(),
        rowsAffected: progress.rows,
        batches: progress.batches,
        vacuumed: progress.vacuumed,
        bytes: progress.bytes === null ? null : BigInt(progress.bytes),
        output: progress.output,
        durationMs,
        error,
      },
    });
  let beating = false;
  const heartbeat = setInterval(() => {
    // A beat still waiting (a write lock held elsewhere) is beat enough.
    if (beating) return;
    beating = true;
    prisma.maintenanceRun
      .updateMany({ where: { id: run.id, finishedAt: null }, data: { heartbeatAt: new Date() } })
      .catch(() => undefined)
      .finally(() => {
        beating = false;
      });
  }, heartbeatMs);
  heartbeat.unref();
  try {
    const value = await work(progress, run.id);
    clearInterval(heartbeat);
    const durationMs = performance.now() - started;
    await record(durationMs, null);
    return { runId: run.id, ...progress, durationMs, value };
  } catch (error) {
    clearInterval(heartbeat);
    await record(performance.now() - started, error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
}
