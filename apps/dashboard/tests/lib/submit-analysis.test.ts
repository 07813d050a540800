import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-error";
import { isAnalysisNotQueued, submitAnalysis, type KeptUpload } from "@/lib/submit-analysis";
import type { UploadReceipt } from "@/lib/upload-file";

const NOW = Date.parse("2026-12-05T10:00:00Z");
const IN_AN_HOUR = new Date(NOW + 3600_000).toISOString();

/** The API's answer when Redis did not take the job, as the GraphQL client throws it. */
const notQueued = () => new ApiError("The analysis could not be queued: the job queue (Redis) did not accept it, so no analysis was recorded.", "SERVICE_UNAVAILABLE", "req-1", "ANALYSIS_NOT_QUEUED");

/**
 * Steps that record what they were asked: uploads hand out u1, u2...; the request answers with
 * the next of `answers` (an error is thrown, anything else returned).
 */
function recordingSteps(answers: unknown[], options: { uploadFails?: unknown; now?: number } = {}) {
  const uploads: string[] = [];
  const requests: string[] = [];
  return {
    uploads,
    requests,
    steps: {
      upload: async (): Promise<UploadReceipt> => {
        if (options.uploadFails) throw options.uploadFails;
        const uploadId = `u${uploads.length + 1}`;
        uploads.push(uploadId);
        return { uploadId, kind: "video", sizeBytes: 1000, expiresAt: IN_AN_HOUR };
      },
      request: async (uploadId: string) => {
        requests.push(uploadId);
        if (answers.length === 0) throw new Error("more requests than the test expected");
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer;
      },
      now: () => options.now ?? NOW,
    },
  };
}

describe("submitting an analysis from the upload form", () => {
  it("uploads the file once and requests the analysis of that upload", async () => {
    const { steps, uploads, requests } = recordingSteps([{ id: "a1" }]);
    expect(await submitAnalysis(null, steps)).toEqual({ ok: true, result: { id: "a1" } });
    expect(uploads).toEqual(["u1"]);
    expect(requests).toEqual(["u1"]);
  });

  it("keeps the upload when the queue did not take the analysis, and the next press sends only the request again with the same uploadId", async () => {
    const { steps, uploads, requests } = recordingSteps([notQueued(), { id: "a1" }]);
    const first = await submitAnalysis(null, steps);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(isAnalysisNotQueued(first.error)).toBe(true);
    expect((first.error as Error).message).toMatch(/could not be queued/);
    expect(first.kept).toEqual({ uploadId: "u1", expiresAt: IN_AN_HOUR });

    expect(await submitAnalysis(first.kept, steps)).toEqual({ ok: true, result: { id: "a1" } });
    expect(uploads).toEqual(["u1"]);
    expect(requests).toEqual(["u1", "u1"]);
  });

  it("keeps the same upload while the queue goes on refusing", async () => {
    const { steps, uploads, requests } = recordingSteps([notQueued(), notQueued()]);
    const first = await submitAnalysis(null, steps);
    const second = await submitAnalysis(first.ok ? null : first.kept, steps);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(isAnalysisNotQueued(second.error)).toBe(true);
    expect(second.kept).toEqual({ uploadId: "u1", expiresAt: IN_AN_HOUR });
    expect(uploads).toEqual(["u1"]);
    expect(requests).toEqual(["u1", "u1"]);
  });

  it("uploads the file again when the API no longer has the kept upload (NOT_FOUND, reason UPLOAD_NOT_FOUND)", async () => {
    const gone = new ApiError("No such upload; it may have expired.", "NOT_FOUND", undefined, "UPLOAD_NOT_FOUND");
    const { steps, uploads, requests } = recordingSteps([gone, { id: "a1" }]);
    const kept: KeptUpload = { uploadId: "u0", expiresAt: IN_AN_HOUR };
    expect(await submitAnalysis(kept, steps)).toEqual({ ok: true, result: { id: "a1" } });
    expect(uploads).toEqual(["u1"]);
    expect(requests).toEqual(["u0", "u1"]);
  });

  it.each([
    ["the patient is NOT_FOUND, which a fresh upload would not mend", new ApiError("No such patient: it was deleted meanwhile.", "NOT_FOUND")],
    ["the request fails otherwise, for the next press", new ApiError("The dashboard server does not answer. Check that it is running.", "NETWORK_ERROR")],
  ])("keeps the upload and uploads nothing when %s", async (_when, failure) => {
    const { steps, uploads, requests } = recordingSteps([failure]);
    const kept: KeptUpload = { uploadId: "u0", expiresAt: IN_AN_HOUR };
    expect(await submitAnalysis(kept, steps)).toEqual({ ok: false, error: failure, kept });
    expect(uploads).toEqual([]);
    expect(requests).toEqual(["u0"]);
  });

  it("uploads the file again without asking for a kept upload past its expiry", async () => {
    const { steps, uploads, requests } = recordingSteps([{ id: "a1" }], { now: NOW + 2 * 3600_000 });
    expect(await submitAnalysis({ uploadId: "u0", expiresAt: IN_AN_HOUR }, steps)).toEqual({ ok: true, result: { id: "a1" } });
    expect(uploads).toEqual(["u1"]);
    expect(requests).toEqual(["u1"]);
  });

  it("keeps nothing and requests nothing when the upload itself fails", async () => {
    const tooLarge = new ApiError("The upload exceeds the limit of 10 bytes.", "PAYLOAD_TOO_LARGE");
    const { steps, requests } = recordingSteps([], { uploadFails: tooLarge });
    expect(await submitAnalysis(null, steps)).toEqual({ ok: false, error: tooLarge, kept: null });
    expect(requests).toEqual([]);
  });

  it("tells a refused job from other unavailability by the API's reason", () => {
    expect(isAnalysisNotQueued(notQueued())).toBe(true);
    expect(isAnalysisNotQueued(new ApiError("The queue service (Redis) is unavailable.", "SERVICE_UNAVAILABLE"))).toBe(false);
    expect(isAnalysisNotQueued(new Error("ANALYSIS_NOT_QUEUED"))).toBe(false);
  });
});
