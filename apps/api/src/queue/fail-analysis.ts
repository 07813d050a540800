import { rm } from "node:fs/promises";
import type { AnalysisChangePublisher } from "../modules/analyses/analysis-change-publisher";
import type { AnalysisFiles } from "../modules/analyses/analysis-files";
import type { Prisma } from "../services";
import type { AnalysisJobData } from "./queues";

/** What {@link failAnalysis} writes to and removes from. */
export interface FailAnalysisOptions {
  prisma: Prisma;
  files: AnalysisFiles;
  /** Days to keep the input after the analysis; 0 deletes it at once. */
  retentionDays: number;
  /** Told of every analysis whose row changes, after the write (its subscriptions read it). */
  changes: Pick<AnalysisChangePublisher, "notify">;
}

/**
 * Marks a queued or running analysis FAILED with `code` and `message` (the client reads both),
 * then removes what a failed analysis must not keep: a joint sequence written before a later
 * step failed, and the input when retention is 0. Conditional on the row's status, so an
 * analysis finished, cancelled or deleted meanwhile is left as it is. True when this call
 * failed it.
 */
export async function failAnalysis(options: FailAnalysisOptions, data: AnalysisJobData, code: string, message: string): Promise<boolean> {
  const { prisma, files } = options;
  const { count } = await prisma.analysis.updateMany({
    where: { id: data.analysisId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", stage: "failed", errorCode: code, errorMessage: message, finishedAt: new Date() },
  });
  if (count === 1) options.changes.notify(data.analysisId);
  const current = await prisma.analysis.findUnique({ where: { id: data.analysisId }, select: { status: true } });
  if (current?.status !== "SUCCEEDED") await files.removeKeypoints(data.analysisId);
  await removeAnalysisInput(options, data);
  return count === 1;
}

/** Removes the input of an analysis that has ended, when retention is 0. */
export async function removeAnalysisInput(options: Pick<FailAnalysisOptions, "retentionDays">, data: Pick<AnalysisJobData, "filePath">): Promise<void> {
  // With retention the maintenance queue's input-retention job deletes old inputs instead.
  if (options.retentionDays === 0) await rm(data.filePath, { force: true });
}
