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
 * Runs one maintenance job and records it as a MaintenanceRun of `kind`: the row is created
 * (startedAt) before `work` starts, so a run in progress is visible; when `work` resolves, the
 * row gets finishedAt, the rows, batches, vacuum flag and file written from `progress`, and the duration. When
 * `work` throws, the row is finished the same way with the error's message, then the error is
 * rethrown, so a failed run never stays "running". Recording the failure is best effort: if
 * that update fails too, the original error is the one thrown.
 *
 * @param work - The job; it updates `progress` as it goes and may read `runId`.
 * @throws whatever `work` throws, and a database error when the row cannot be created.
 */
export async function recordMaintenanceRun<T>(
  prisma: Pick<PrismaClient, "maintenanceRun">,
  kind: MaintenanceKind,
  work: (progress: MaintenanceRunProgress, runId: number) => Promise<T>,
): Promise<RecordedMaintenanceRun<T>> {
  const started = performance.now();
  const run = await prisma.maintenanceRun.create({ data: { kind, startedAt: new Date() }, select: { id: true } });
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
  try {
    const value = await work(progress, run.id);
    const durationMs = performance.now() - started;
    await record(durationMs, null);
    return { runId: run.id, ...progress, durationMs, value };
  } catch (error) {
    await record(performance.now() - started, error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
}
