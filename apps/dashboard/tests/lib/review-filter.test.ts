import { describe, expect, it } from "vitest";
import { parseReviewFilter, REVIEW_FILTERS, reviewFilterValue } from "@/lib/review-filter";

describe("the analyses list's review filter", () => {
  it("asks for the analyses still to review, or the reviewed ones, by the address's value", () => {
    expect(parseReviewFilter("to-review")).toBe(false);
    expect(parseReviewFilter("reviewed")).toBe(true);
  });

  it("lists every analysis for no value or one it does not know", () => {
    expect(parseReviewFilter(null)).toBeUndefined();
    expect(parseReviewFilter("")).toBeUndefined();
    expect(parseReviewFilter("true")).toBeUndefined();
  });

  it("writes back the value it reads", () => {
    for (const f of REVIEW_FILTERS) expect(reviewFilterValue(parseReviewFilter(f.value))).toBe(f.value);
    expect(reviewFilterValue(undefined)).toBe("");
  });
});
