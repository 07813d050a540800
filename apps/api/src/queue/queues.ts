import { Queue, type ConnectionOptions } from "bullmq";

/** Name of the queue of analysis jobs. */
export const ANALYSIS_QUEUE = "analysis";
/** Name of the queue of maintenance jobs (session purge, archiving, upload and input expiry, database backup). */
export const MAINTENANCE_QUEUE = "maintenance";

/** Data of one analysis job; the job id is the analysis id, so enqueueing twice is a no-op. */
export interface AnalysisJobData {
  analysisId: string;
  kind: "video" | "keypoints";
  filePath: string;
  ageWeeks: number;
  gestationalAgeWeeks: number | null;
}

/** Kinds of maintenance job; each may have one Job Scheduler. */
export const MAINTENANCE_KINDS = ["session-purge", "analysis-archive", "upload-expiry", "input-retention", "database-backup"] as const;
/** A maintenance job kind. */
export type MaintenanceJobKind = (typeof MAINTENANCE_KINDS)[number];

/** Data of a maintenance job. */
export interface MaintenanceJobData {
  batchSize?: number;
  vacuum?: boolean;
}

/** Options of {@link createQueues}. */
export interface QueueOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix. */
  prefix: string;
  /** Attempts for transient failures. */
  attempts: number;
  /** First backoff delay in ms (exponential). */
  backoffMs: number;
}

/** The two queues, with the retry policy of analyses as their job default. */
export function createQueues(options: QueueOptions) {
  const { connection, prefix } = options;
  const analysis = new Queue<AnalysisJobData>(ANALYSIS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: "exponential", delay: options.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  const maintenance = new Queue<MaintenanceJobData>(MAINTENANCE_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 2, backoff: { type: "fixed", delay: 60_000 }, removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } },
  });
  return {
    analysis,
    maintenance,
    async close() {
      await Promise.all([analysis.close(), maintenance.close()]);
    },
  };
}

/** The queues of one installation. */
export type Queues = ReturnType<typeof createQueues>;
