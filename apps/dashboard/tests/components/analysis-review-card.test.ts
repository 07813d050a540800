import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnalysisReviewCard, recordingPeriod, type AnalysisReviewView, type RecordingPeriod } from "@/components/analyses/analysis-review-card";

const REVIEW: AnalysisReviewView = {
  analysisId: "a1",
  classification: "ABSENT_FIDGETY",
  notes: "No fidgety movements in 3 min.\nSee again at 14 weeks.",
  modelRiskLevel: "LOW",
  modelVersion: "gma-ae@1.4.0",
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-02T10:30:00.000Z",
  reviewer: { id: "u1", displayName: "Dr Ada Osei" },
};

function render(review: AnalysisReviewView | null, { canReview = true, period = "fidgety" as RecordingPeriod | null } = {}): string {
  return renderToStaticMarkup(createElement(AnalysisReviewCard, { analysisId: "a1", review, period, canReview, onChanged: async () => {} }));
}

/** What the markup reads as: tags removed, apostrophes unescaped. */
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
/** The text of the legends, in order. */
const legends = (html: string) => [...html.matchAll(/<legend>(.*?)<\/legend>/g)].map((m) => text(m[1]!));

describe("the clinician's review card", () => {
  it("offers a form without a review: every class by period, the recording's own period first and marked, notes counted to 4000", () => {
    const html = render(null, { period: "fidgety" });
    expect(html).toContain("<form");
    expect(legends(html)).toEqual(["Fidgety period (9-20 weeks corrected) this recording's period", "Writhing period (to 8 weeks corrected)", "Other"]);
    expect(html.match(/type="radio"/g)).toHaveLength(8);
    // One radio group: the arrow keys go through every class.
    const names = [...html.matchAll(/<input type="radio"[^>]* name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(1);
    expect(text(html)).toContain("F+ Normal fidgety movementsContinual small movements of neck, trunk and limbs in all directions.");
    expect(text(html)).toContain("Notes (optional)");
    expect(html).toMatch(/<textarea[^>]*name="notes"/);
    expect(text(html)).toContain("0 / 4000");
    expect(html).toMatch(/<button class="btn primary" type="submit">Save review<\/button>/);
    // Nothing to withdraw yet, and nothing of an unreviewed card goes on paper.
    expect(html).not.toContain("Withdraw review");
    expect(html).toMatch(/^<section class="card screen-only/);
  });

  it("puts the writhing classes first for a recording of the writhing period, and marks no group for one beyond 20 weeks", () => {
    expect(legends(render(null, { period: "writhing" }))[0]).toBe("Writhing period (to 8 weeks corrected) this recording's period");
    const beyond = legends(render(null, { period: "beyond" }));
    expect(beyond[0]).toBe("Fidgety period (9-20 weeks corrected)");
    expect(beyond.join()).not.toContain("this recording's period");
  });

  it("reads the recording's period from the report, and nothing from a value it does not know", () => {
    expect(recordingPeriod("writhing")).toBe("writhing");
    expect(recordingPeriod("beyond")).toBe("beyond");
    expect(recordingPeriod("neonatal")).toBeNull();
    expect(recordingPeriod(undefined)).toBeNull();
  });

  it("shows a saved review: class, notes with their line breaks, who and when, the model's risk then and whether they agree", () => {
    const html = render(REVIEW);
    expect(html).not.toContain("<form");
    expect(html).toMatch(/^<section class="card "/);
    expect(html).toContain('data-testid="review-class">F- (Fidgety movements absent)</dd>');
    expect(html).toContain('<dd class="notes" data-testid="review-notes">No fidgety movements in 3 min.\nSee again at 14 weeks.</dd>');
    expect(text(html)).toContain("Dr Ada Osei, ");
    expect(text(html)).toContain("(first reviewed ");
    expect(html).toMatch(/data-testid="review-model-risk"><span class="badge ok">low<\/span>/);
    expect(text(html)).toContain("The clinician's class differs from the model: abnormal movements, but a low risk level.");
    expect(text(html)).toContain("Edit review");
    expect(text(html)).toContain("Withdraw review");
  });

  it("says when a review has no notes, and leaves out the first review's time when it was never changed", () => {
    const html = render({ ...REVIEW, notes: null, updatedAt: REVIEW.createdAt, reviewer: null });
    expect(text(html)).toContain("Notesnone");
    expect(text(html)).not.toContain("first reviewed");
    expect(text(html)).toContain("a removed account");
  });

  it("shows the review without its buttons, and no form, to a role that cannot review", () => {
    const html = render(REVIEW, { canReview: false });
    expect(html).toContain("F- (Fidgety movements absent)");
    expect(html).not.toContain("<button");
    expect(html).not.toContain("<form");
    const none = render(null, { canReview: false });
    expect(none).not.toContain("<form");
    expect(text(none)).toContain("No clinician has reviewed this analysis yet.");
  });
});
