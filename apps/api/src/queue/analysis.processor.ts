import { deflateSync } from "node:zlib";
import { access } from "node:fs/promises";
import { isGmaError } from "@gma/core";
import { reportRiskLevel } from "@gma/db";
import { UnrecoverableError, type Job } from "bullmq";
import { AnalysisInputMissingError } from "../errors/analysis-input-missing-error";
import type { Logger } from "../logger";
import type { AnalysisChangePublisher } from "../modules/analyses/analysis-change-publisher";
import type { AnalysisFiles } from "../modules/analyses/analysis-files";
import type { Prisma } from "../services";
import type { AnalysisRunner } from "./analysis-runner";
import { failAnalysis, removeAnalysisInput } from "./fail-analysis";
import type { AnalysisJobData } from "./queues";

/** Options of {@link createAnalysisProcessor}. */
export interface AnalysisProcessorOptions {
  prisma: Prisma;
  runner: AnalysisRunner;
  logger: Logger;
  /** Days to keep the input after the analysis; 0 deletes it at once. */
  retentionDays: number;
  /** Where the analysed joint sequence is stored for replay. */
  files: AnalysisFiles;
  /**
   * Told of every analysis whose status, stage or progress this processor writes, after the
   * write, so that its subscriptions (on any API process) read it now.
   */
  changes: Pick<AnalysisChangePublisher, "notify">;
  /**
   * Log each finished analysis's per-stage timings (milliseconds) at debug level
   * (PERF_MONITORING=detailed).
   * @defaultValue false
   */
  logTimings?: boolean;
}

/**
 * The BullMQ processor of analysis jobs. Every write is conditional on the row's status, so a
 * job retried after a killed worker, or run twice, changes the database exactly once; input
 * errors fail at once (UnrecoverableError), other errors are retried with backoff.
 */
export function createAnalysisProcessor(options: AnalysisProcessorOptions) {
  const { prisma, runner, logger, files, changes } = options;
  return async (job: Job<AnalysisJobData>): Promise<{ status: string }> => {
    const { analysisId } = job.data;
    const row = await prisma.analysis.findUnique({ where: { id: analysisId }, select: { status: true } });
    if (!row || row.status === "SUCCEEDED" || row.status === "CANCELLED" || row.status === "FAILED") {
      // Cancelled or deleted before this attempt: nothing will read the input any more.
      if (!row || row.status === "CANCELLED") await removeAnalysisInput(options, job.data);
      return { status: row?.status ?? "DELETED" };
    }
    const started = await prisma.analysis.updateMany({
      where: { id: analysisId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "RUNNING", startedAt: new Date(), stage: "starting", progress: 0 },
    });
    if (started.count > 0) changes.notify(analysisId);
    const abort = new AbortController();
    try {
      // A missing input would otherwise fail in the pipeline as an unreadable file of the
      // client's (naming a server path), after the models load.
      if (!(await exists(job.data.filePath))) throw new AnalysisInputMissingError();
      const result = await runner.run({ ...job.data, signal: abort.signal }, async ({ stage, percent }) => {
        const progress = Math.max(0, Math.min(100, Math.round(percent)));
        const { count } = await prisma.analysis.updateMany({ where: { id: analysisId, status: "RUNNING" }, data: { stage, progress } });
        if (count === 0) abort.abort(new Error("analysis cancelled or deleted"));
        else changes.notify(analysisId);
        // Progress in Redis is for the board only; the database row is the truth, so an outage
        // of Redis must not fail the analysis here.
        await job.updateProgress({ stage, percent: progress }).catch(() => undefined);
      });
      if (options.logTimings) logger.debug("analysis timings", { analysisId, kind: job.data.kind, timings: result.timings });
      const windowErrors = deflateSync(Buffer.from(result.windowErrors.buffer, result.windowErrors.byteOffset, result.windowErrors.byteLength));
      // The sequence lands before the row says SUCCEEDED, so a finished analysis always has it.
      if (result.keypoints) await files.writeKeypoints(analysisId, result.keypoints);
      const { count } = await prisma.analysis.updateMany({
        where: { id: analysisId, status: "RUNNING" },
        data: {
          status: "SUCCEEDED",
          stage: "done",
          progress: 100,
          report: result.report as object,
          // Copied out of the report so that lists show and filter it without reading reports.
          riskLevel: reportRiskLevel(result.report),
          findings: (result.findings ?? null) as object,
          timings: result.timings,
          windowErrors,
          modelVersion: result.modelVersion,
          finishedAt: new Date(),
        },
      });
      if (count === 1) changes.notify(analysisId);
      // Cancelled or deleted meanwhile: whoever did it may have removed the files already.
      if (count === 0) await files.removeKeypoints(analysisId);
      await removeAnalysisInput(options, job.data);
      return { status: count === 1 ? "SUCCEEDED" : "SKIPPED" };
    } catch (error) {
      if (abort.signal.aborted) {
        // Cancelled or deleted by a user while it ran: the job is done, not failed; a retry
        // would only find the row closed, and the input would wait for input retention.
        await files.removeKeypoints(analysisId);
        await removeAnalysisInput(options, job.data);
        logger.info("analysis stopped: cancelled or deleted while it ran", { analysisId });
        return { status: "CANCELLED" };
      }
      const permanent = isGmaError(error) && (error.isUserError || PERMANENT_CODES.has(error.code));
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (permanent || lastAttempt) {
        // Deleted while this attempt ran (a user, or the API taking back a request whose queue
        // add it could not confirm and putting the input back): nothing is left to fail, and a
        // failed job would show operators an error for an analysis that does not exist.
        if (!(await prisma.analysis.findUnique({ where: { id: analysisId }, select: { id: true } }))) {
          await files.removeKeypoints(analysisId);
          logger.info("analysis deleted while it ran; its job ends as done", { analysisId, error: error instanceof Error ? error.message : String(error) });
          return { status: "DELETED" };
        }
        const code = isGmaError(error) ? error.code : "INTERNAL_ERROR";
        const message = isGmaError(error) ? error.message : "The analysis failed unexpectedly; the operator can find the details in the worker log.";
        await failAnalysis(options, job.data, code, message);
        logger.warn("analysis failed", { analysisId, code, attempt: job.attemptsMade + 1, error: error instanceof Error ? error.message : String(error) });
        if (permanent) throw new UnrecoverableError(`${code}: ${message}`);
      } else {
        const { count } = await prisma.analysis.updateMany({ where: { id: analysisId, status: "RUNNING" }, data: { stage: "retrying" } });
        if (count > 0) changes.notify(analysisId);
        logger.warn("analysis attempt failed; will retry", { analysisId, attempt: job.attemptsMade + 1, error: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    }
  };
}

/** Codes of failures that are not the client's but that no retry can help. */
const PERMANENT_CODES = new Set(["ANALYSIS_UNAVAILABLE", "INPUT_MISSING"]);

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
