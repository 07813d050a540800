import Database from "better-sqlite3";
import { MaintenanceKind } from "../client";
import type { DatabaseHandle } from "../connection";
import { recordMaintenanceRun } from "./record-maintenance-run";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** Options of {@link purgeExpiredSessions}. */
export interface PurgeExpiredSessionsOptions {
  /**
   * Rows deleted per transaction. Smaller batches hold the write lock (and, on a shared
   * connection, the event loop) for less time; larger ones delete faster.
   * @defaultValue 1000
   */
  batchSize?: number;
  /**
   * Give the freed pages back to the file system after a mass delete.
   * @defaultValue true
   */
  vacuum?: boolean;
  /**
   * Rows a run must delete before it vacuums.
   * @defaultValue 100000
   */
  vacuumThreshold?: number;
  /**
   * Pages freed per incremental-vacuum step (4 KiB each); the loop yields between steps.
   * @defaultValue 2048
   */
  vacuumPagesPerStep?: number;
  /**
   * Pause between batches in milliseconds; 0 only yields to the event loop.
   * @defaultValue 0
   */
  pauseMs?: number;
  /** Sessions that expire at or before this moment are deleted. @defaultValue now */
  now?: Date;
  /** Stops the run after the current batch (the MaintenanceRun records what was done). */
  signal?: AbortSignal;
}

/** What a purge did. */
export interface PurgeResult {
  /** Id of the MaintenanceRun row that records this run. */
  runId: number;
  rows: number;
  batches: number;
  /** Whole run, deletes and vacuum, in milliseconds. */
  durationMs: number;
  /** Time spent deleting, in milliseconds (rows / deleteMs is the delete rate). */
  deleteMs: number;
  vacuumed: boolean;
  /** "incremental" when the file has auto_vacuum=INCREMENTAL (created by migrateDatabase), else "full". */
  vacuumMode: "incremental" | "full" | null;
  vacuumMs: number;
}

/**
 * Deletes expired sessions in short batches, each its own transaction, yielding to the event
 * loop between batches, so session validation keeps answering during a purge of millions of
 * rows (in WAL mode readers on other connections never wait; a writer waits for at most one
 * batch, well within busy_timeout). After a mass delete (at least `vacuumThreshold` rows) it
 * gives space back: with incremental auto-vacuum in small steps, otherwise with one VACUUM.
 * Records a MaintenanceRun (kind SESSION_PURGE), including the error if the run fails.
 *
 * @throws RangeError for invalid options; rethrows database errors after recording them.
 */
export async function purgeExpiredSessions(db: Pick<DatabaseHandle, "prisma" | "file">, options: PurgeExpiredSessionsOptions = {}): Promise<PurgeResult> {
  const { prisma } = db;
  const batchSize = options.batchSize ?? 1000;
  const vacuumThreshold = options.vacuumThreshold ?? 100_000;
  const pagesPerStep = options.vacuumPagesPerStep ?? 2048;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new RangeError(`purgeExpiredSessions: batchSize must be an integer in 1..100000 (got ${batchSize})`);
  if (!Number.isInteger(vacuumThreshold) || vacuumThreshold < 0) throw new RangeError(`purgeExpiredSessions: vacuumThreshold must be a non-negative integer (got ${vacuumThreshold})`);
  if (!Number.isInteger(pagesPerStep) || pagesPerStep < 1) throw new RangeError(`purgeExpiredSessions: vacuumPagesPerStep must be a positive integer (got ${pagesPerStep})`);
  const cutoff = (options.now ?? new Date()).getTime();

  let deleteMs = 0;
  let vacuumMode: PurgeResult["vacuumMode"] = null;
  let vacuumMs = 0;
  const run = await recordMaintenanceRun(prisma, MaintenanceKind.SESSION_PURGE, async (progress) => {
    const started = performance.now();
    for (;;) {
      if (options.signal?.aborted) break;
      // The subquery walks idx_expires_at from its start; deleted rows leave it, so every batch
      // finds the next expired rows without skipping.
      const deleted = await prisma.$executeRaw`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ${cutoff} LIMIT ${batchSize})`;
      if (deleted > 0) {
        progress.rows += deleted;
        progress.batches++;
      }
      if (deleted < batchSize) break;
      await yieldToEventLoop(options.pauseMs ?? 0);
    }
    deleteMs = performance.now() - started;

    if ((options.vacuum ?? true) && progress.rows >= vacuumThreshold && progress.rows > 0 && !options.signal?.aborted) {
      const t = performance.now();
      vacuumMode = await vacuumFreePages(db.file, pagesPerStep, options.signal);
      progress.vacuumed = true;
      vacuumMs = performance.now() - t;
    }
  });
  return { runId: run.runId, rows: run.rows, batches: run.batches, durationMs: run.durationMs, deleteMs, vacuumed: run.vacuumed, vacuumMode, vacuumMs };
}

// On its own short-lived connection: PRAGMA incremental_vacuum frees one page per step, and the
// adapter steps a statement once, while exec() steps it to the end.
async function vacuumFreePages(file: string, pagesPerStep: number, signal: AbortSignal | undefined): Promise<"incremental" | "full"> {
  const db = new Database(file, { timeout: 5000 });
  try {
    if (Number(db.pragma("auto_vacuum", { simple: true })) !== 2) {
      // A file made without incremental auto-vacuum can only shrink by a full rewrite, which
      // holds the write lock for its whole duration.
      db.exec("VACUUM");
      return "full";
    }
    let previous = Number.POSITIVE_INFINITY;
    for (;;) {
      const free = Number(db.pragma("freelist_count", { simple: true }));
      if (free === 0 || free >= previous || signal?.aborted) break;
      previous = free;
      db.exec(`PRAGMA incremental_vacuum(${pagesPerStep})`);
      await yieldToEventLoop();
    }
    return "incremental";
  } finally {
    db.close();
  }
}
