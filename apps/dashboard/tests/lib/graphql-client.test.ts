import { afterEach, describe, expect, it, vi } from "vitest";
import { AnalyzeVideoMutation } from "@/graphql/analyses";
import { ApiError } from "@/lib/api-error";
import { execute } from "@/lib/graphql-client";

afterEach(() => vi.unstubAllGlobals());

/** Makes /graphql answer `body` (as the API, through the dashboard's proxy, would). */
const answer = (body: unknown) => vi.stubGlobal("fetch", vi.fn(async () => Response.json(body)));

const input = { uploadId: "0123456789abcdef0123456789abcdef", patientId: "p1", ageWeeks: 12 };

describe("the GraphQL client", () => {
  it("throws the API's message, code, request id and the reason behind the code", async () => {
    answer({
      data: null,
      errors: [
        {
          message: "The analysis could not be queued: the job queue (Redis) did not accept it, so no analysis was recorded.",
          extensions: { code: "SERVICE_UNAVAILABLE", reason: "ANALYSIS_NOT_QUEUED", requestId: "req-7", hint: "Upload … is kept until …" },
        },
      ],
    });
    const error = await execute(AnalyzeVideoMutation, { input }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: expect.stringMatching(/could not be queued/), code: "SERVICE_UNAVAILABLE", reason: "ANALYSIS_NOT_QUEUED", requestId: "req-7" });
  });

  it("leaves the reason undefined when the API gives none", async () => {
    answer({ data: null, errors: [{ message: "No such upload; it may have expired.", extensions: { code: "NOT_FOUND" } }] });
    const error = await execute(AnalyzeVideoMutation, { input }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "NOT_FOUND", reason: undefined });
  });
});
