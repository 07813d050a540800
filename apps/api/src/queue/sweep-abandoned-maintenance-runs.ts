import { closeAbandonedMaintenanceRuns, type AbandonedMaintenanceRun } from "@gma/db";
import type { Logger } from "../logger";
import type { Prisma } from "../services";

/**
 * Closes the maintenance runs whose process died (`closeAbandonedMaintenanceRuns`: unfinished,
 * not heard of for five minutes) and logs each as a warning. The worker calls it at start and at
 * the start of every maintenance job: places that are sure to come after a crash (the worker is
 * restarted; upload expiry alone runs every hour by default) and cheap (one UPDATE through an
 * index of the unfinished runs, usually none), and as a job runs before the work it records, the
 * job that closes an abandoned run of its kind is the one that does its work again. Not on the
 * maintenance page's read: a query would then write, and wait for any write in progress.
 * Never throws: a failed sweep is logged, and the job or the start goes on; the next one retries.
 *
 * @param during - What the worker was doing ("worker start", or the job's name), for the log.
 */
export async function sweepAbandonedMaintenanceRuns(prisma: Prisma, logger: Logger, during: string): Promise<AbandonedMaintenanceRun[]> {
  try {
    const closed = await closeAbandonedMaintenanceRuns(prisma);
    for (const run of closed) {
      logger.warn("maintenance run abandoned by its process; closed as failed", { runId: run.id, kind: run.kind, lastHeardOf: run.lastHeardOf.toISOString(), during });
    }
    return closed;
  } catch (error) {
    logger.error("could not close abandoned maintenance runs", { during, error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}
