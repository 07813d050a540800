import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReviewMark } from "@/components/analyses/review-mark";

describe("a table's review cell", () => {
  const mark = (status: "SUCCEEDED" | "RUNNING" | "FAILED", review: { classification: "NORMAL_FIDGETY" } | null) => renderToStaticMarkup(createElement(ReviewMark, { status, review }));

  it("shows the class's abbreviation in a badge, named in full for a screen reader and on hover", () => {
    const html = mark("SUCCEEDED", { classification: "NORMAL_FIDGETY" });
    expect(html).toContain('title="F+ (Normal fidgety movements)"');
    expect(html).toContain('<span aria-hidden="true"><span class="badge info">F+</span></span>');
    expect(html).toContain('<span class="visually-hidden">F+ (Normal fidgety movements)</span>');
  });

  it("says 'to review' for a finished analysis without a review and nothing for one that has not finished", () => {
    expect(mark("SUCCEEDED", null)).toBe('<span class="muted" data-testid="review-mark">to review</span>');
    expect(mark("RUNNING", null)).toBe("");
    expect(mark("FAILED", null)).toBe("");
  });
});
