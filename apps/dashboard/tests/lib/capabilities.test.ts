import { describe, expect, it } from "vitest";
import { auditHistoryHref, canReadAuditLog, canReviewAnalyses, hasMutation } from "@/lib/capabilities";

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

describe("who may read the audit log", () => {
  it("lets admins only, as the API's permission matrix does", () => {
    expect(canReadAuditLog("ADMIN")).toBe(true);
    expect(canReadAuditLog("CLINICIAN")).toBe(false);
    expect(canReadAuditLog("ANALYST")).toBe(false);
  });

  it("opens the log on one record's events with the kind and id in the address", () => {
    expect(auditHistoryHref("analysis", "c1&x")).toBe("/audit?targetType=analysis&targetId=c1%26x");
  });
});
