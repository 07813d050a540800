import { ApiError } from "./api-error";
import type { UploadReceipt } from "./upload-file";

/**
 * An upload the API still holds for an analysis request that did not go through: the API uses
 * up an upload only once the analysis is queued, so a failed request leaves it there, and the
 * same request can be sent again with its id until it expires, without uploading again.
 */
export interface KeptUpload {
  uploadId: string;
  /** When the API forgets it (ISO), from the upload's receipt. */
  expiresAt: string;
}

/** What {@link submitAnalysis} does through the outside world. */
export interface SubmitAnalysisSteps<T> {
  /** Uploads the chosen file (POST /uploads; the form's progress bar follows it). */
  upload(): Promise<UploadReceipt>;
  /** Requests the analysis of an upload (the analyzeVideo mutation); throws the API's error. */
  request(uploadId: string): Promise<T>;
  /** Now, in epoch ms. */
  now(): number;
}

/** How a submission ended: the request's result, or its error and the upload still held. */
export type SubmitAnalysisOutcome<T> = { ok: true; result: T } | { ok: false; error: unknown; kept: KeptUpload | null };

/**
 * The API's answer when the queue (Redis) did not take the analysis's job: no analysis was
 * recorded, and the upload is kept for the same request to be sent again.
 */
export function isAnalysisNotQueued(error: unknown): boolean {
  return error instanceof ApiError && error.reason === "ANALYSIS_NOT_QUEUED";
}

/** The API's answer when the upload named in a request is gone: NOT_FOUND, reason UPLOAD_NOT_FOUND. */
export function isUploadNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === "NOT_FOUND" && error.reason === "UPLOAD_NOT_FOUND";
}

/**
 * One press of the upload form's button: the analysis request for `kept` alone when there is
 * one (no second upload), else (or when the API no longer has it: UPLOAD_NOT_FOUND, or past its expiry)
 * an upload of the file and the request for it. A failed request leaves its upload kept for the
 * next press; a failed upload leaves none.
 */
export async function submitAnalysis<T>(kept: KeptUpload | null, steps: SubmitAnalysisSteps<T>): Promise<SubmitAnalysisOutcome<T>> {
  if (kept && Date.parse(kept.expiresAt) > steps.now()) {
    try {
      return { ok: true, result: await steps.request(kept.uploadId) };
    } catch (error) {
      // Only the upload's own NOT_FOUND (it expired, Redis lost it, or it could not be put back
      // after a refused job) is mended by uploading again; a patient deleted meanwhile is not.
      if (!isUploadNotFound(error)) return { ok: false, error, kept };
    }
  }
  let receipt: UploadReceipt;
  try {
    receipt = await steps.upload();
  } catch (error) {
    return { ok: false, error, kept: null };
  }
  const fresh: KeptUpload = { uploadId: receipt.uploadId, expiresAt: receipt.expiresAt };
  try {
    return { ok: true, result: await steps.request(fresh.uploadId) };
  } catch (error) {
    return { ok: false, error, kept: fresh };
  }
}
