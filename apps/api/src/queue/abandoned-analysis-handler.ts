import type { Job } from "bullmq";
import { AnalysisAbandonedError } from "../errors/analysis-abandoned-error";
import type { Logger } from "../logger";
import { failAnalysis, type FailAnalysisOptions } from "./fail-analysis";
import type { AnalysisJobData } from "./queues";

/** Options of {@link createAbandonedAnalysisHandler}. */
export interface AbandonedAnalysisHandlerOptions extends FailAnalysisOptions {
  logger: Logger;
}

/**
 * The analysis worker's `failed` listener. The processor records every failure it sees, but
 * BullMQ also fails jobs it never hands the processor again: one whose workers stopped (crashed,
 * killed, out of memory) more often than its stall limit allows is failed by the next worker
 * that picks it up. Its row would stay RUNNING for ever (and a request for the same recording
 * would keep getting it back), so once a job has failed for good with its analysis still queued
 * or running, the analysis is failed with ANALYSIS_ABANDONED. A job that will be retried is
 * left alone; never throws (failures are logged).
 */
export function createAbandonedAnalysisHandler(options: AbandonedAnalysisHandlerOptions) {
  const { logger } = options;
  return async (job: Job<AnalysisJobData> | undefined, reason: Error): Promise<void> => {
    // finishedOn is set only when the job failed for good, not when it waits for a retry.
    if (!job?.finishedOn) return;
    try {
      const error = new AnalysisAbandonedError();
      if (await failAnalysis(options, job.data, error.code, error.message)) {
        logger.warn("analysis abandoned by the queue; marked FAILED", { analysisId: job.data.analysisId, reason: reason.message, stalled: job.stalledCounter });
      }
    } catch (error) {
      logger.error("could not mark an abandoned analysis FAILED", { analysisId: job.data.analysisId, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
