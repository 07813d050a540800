import { describe, expect, it } from "vitest";
import { REVIEW_NOTES_MAX_LENGTH, reviewNotesLength } from "@/lib/review-notes";

describe("a review's notes length", () => {
  it("counts letters, spaces and line breaks one each", () => {
    expect(reviewNotesLength("")).toBe(0);
    expect(reviewNotesLength("No F-.\nSee again at 14 weeks.")).toBe(29);
    expect(reviewNotesLength("x".repeat(REVIEW_NOTES_MAX_LENGTH))).toBe(4000);
  });

  it("counts an emoji once, as the API does, not as its two UTF-16 units", () => {
    expect("😀".length).toBe(2);
    expect(reviewNotesLength("😀")).toBe(1);
    expect(reviewNotesLength("ok 👍🏽")).toBe(5);
  });

  it("does not count an emoji's presentation selector", () => {
    expect(reviewNotesLength("❤️")).toBe(1);
    expect(reviewNotesLength("☺︎ fine")).toBe(6);
  });
});
