import { describe, expect, it } from "vitest";
import { canReviewAnalyses, hasMutation } from "@/lib/capabilities";

describe("who may review analyses", () => {
  it("lets admins and clinicians review, as the API's permission matrix does, and not analysts", () => {
    expect(canReviewAnalyses("ADMIN")).toBe(true);
    expect(canReviewAnalyses("CLINICIAN")).toBe(true);
    expect(canReviewAnalyses("ANALYST")).toBe(false);
  });

  it("relies on an API that takes reviews and their withdrawal", () => {
    expect(hasMutation("reviewAnalysis")).toBe(true);
    expect(hasMutation("withdrawAnalysisReview")).toBe(true);
  });
});
