import { GmaError } from "@gma/core";

/**
 * The queue (Redis) did not take an analysis's job: unreachable, or refusing writes (full). No
 * analysis was recorded, and the upload was put back when it could be, so the client sends the
 * same request again instead of uploading the recording again. Reaches clients as
 * SERVICE_UNAVAILABLE, with this code as `reason`.
 */
export class AnalysisNotQueuedError extends GmaError {
  /**
   * @param uploadId - The upload the analysis was requested for.
   * @param keptUntil - When the kept upload expires (epoch ms); null when it could not be put back.
   */
  constructor(uploadId: string, keptUntil: number | null, options: { cause?: unknown } = {}) {
    super("ANALYSIS_NOT_QUEUED", "The analysis could not be queued: the job queue (Redis) did not accept it, so no analysis was recorded.", {
      hint:
        keptUntil === null
          ? "Upload the recording again and request the analysis in a few seconds; if it keeps failing, the operator should check Redis."
          : `Upload ${uploadId} is kept until ${new Date(keptUntil).toISOString()}: send the same request again with this uploadId in a few seconds, without uploading the recording again (should the upload then be NOT_FOUND, Redis lost it: upload again). If it keeps failing, the operator should check Redis.`,
      isUserError: false,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}
