import { describe, expect, it } from "vitest";
import type { GmaClassification, RiskLevel } from "@/gql/graphql";
import { describeBars } from "@/lib/chart-summary";
import { enoughReviews, reviewCell } from "../support/review-agreement-cells";
import { agreementBars, agreementInterval, agreementSentence, MIN_REVIEWS_TO_JUDGE, summarizeReviewAgreement, verdictAbbreviations, wilsonInterval } from "@/lib/review-agreement-summary";

const cell = (classification: GmaClassification, modelRiskLevel: RiskLevel, count: number) => reviewCell(classification, modelRiskLevel, count);

/** z of a two-sided 95 % interval, written out here so that the tests do not borrow the code's. */
const Z = 1.959964;

describe("the Wilson score interval", () => {
  it("matches the interval worked by hand for 8 of 10", () => {
    // p = 0.8, z² = 3.841459: centre (0.8 + 0.192073) / 1.384146 = 0.716741, half-width
    // 1.959964 · √(0.016 + 0.009604) / 1.384146 = 0.226577: 0.4902 to 0.9433.
    const i = wilsonInterval(8, 10)!;
    expect(i.low).toBeCloseTo(0.4902, 4);
    expect(i.high).toBeCloseTo(0.9433, 4);
  });

  it("starts at exactly 0 for 0 of n and ends at exactly 1 for n of n, the other end z²/(n + z²) away", () => {
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo((Z * Z) / (10 + Z * Z), 10); // 0.2775
    const all = wilsonInterval(10, 10)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(10 / (10 + Z * Z), 10); // 0.7225
  });

  it("gives no interval when there is nothing to estimate from", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("the summary of clinicians' reviews against the model's risk levels", () => {
  it("tabulates every clinician's class in the reviewer's order, with row and column totals", () => {
    const s = summarizeReviewAgreement([cell("NORMAL_FIDGETY", "LOW", 7), cell("NORMAL_FIDGETY", "HIGH", 1), cell("ABSENT_FIDGETY", "MEDIUM", 2), cell("ABSENT_FIDGETY", "HIGH", 3), cell("NOT_ASSESSABLE", "LOW", 4)]);
    expect(s.rows.map((r) => [r.info.abbreviation, r.low, r.medium, r.high, r.total])).toEqual([
      ["N", 0, 0, 0, 0],
      ["PR", 0, 0, 0, 0],
      ["CS", 0, 0, 0, 0],
      ["Ch", 0, 0, 0, 0],
      ["F+", 7, 0, 1, 8],
      ["AF", 0, 0, 0, 0],
      ["F-", 0, 2, 3, 5],
      ["n/a", 4, 0, 0, 4],
    ]);
    expect(s.totals).toEqual({ low: 11, medium: 2, high: 4, total: 17 });
    expect(s.reviews).toBe(17);
  });

  it("adds up the counts of several model versions per class and level", () => {
    const s = summarizeReviewAgreement([
      { ...cell("CHAOTIC", "HIGH", 2), modelVersion: "ae-1" },
      { ...cell("CHAOTIC", "HIGH", 3), modelVersion: "ae-2" },
      { ...cell("CHAOTIC", "HIGH", 1), modelVersion: null },
    ]);
    expect(s.rows.find((r) => r.classification === "CHAOTIC")).toMatchObject({ high: 6, total: 6 });
  });

  it("counts abnormal reviews rated medium or high and normal ones rated low, leaving not-assessable ones out of both", () => {
    // Abnormal: PR 3 low + 5 medium, CS 4 high, Ch 1 low + 2 high, AF 3 medium, F- 2 low + 5 high: 25 of which 19 medium or high.
    // Normal: N 12 low + 2 medium, F+ 9 low + 1 high: 24 of which 21 low. Not assessable: 6.
    const s = summarizeReviewAgreement(enoughReviews());
    expect(s.sensitivity).toMatchObject({ agreed: 19, reviews: 25, tooFew: false });
    expect(s.sensitivity.rate).toBeCloseTo(0.76, 10);
    expect(s.specificity).toMatchObject({ agreed: 21, reviews: 24, tooFew: false });
    expect(s.specificity.rate).toBeCloseTo(0.875, 10);
    expect(s.notAssessable).toBe(6);
    expect(s.reviews).toBe(55);
    expect(s.tooFew).toBe(false);
    // 19/25: p = 0.76, centre (0.76 + 0.076829) / 1.153658 = 0.725370, half-width 1.959964 · √(0.007296 + 0.001537) / 1.153658 = 0.159667: 0.5657 to 0.8850.
    expect(s.sensitivity.interval95!.low).toBeCloseTo(0.5657, 4);
    expect(s.sensitivity.interval95!.high).toBeCloseTo(0.885, 3);
    expect(agreementSentence("sensitivity", s.sensitivity)).toBe("Of 25 recordings clinicians classed abnormal (PR, CS, Ch, AF, F-), the model rated 19 (76.0 %) medium or high.");
    expect(agreementSentence("specificity", s.specificity)).toBe("Of 24 recordings clinicians classed normal (N, F+), the model rated 21 (87.5 %) low.");
    expect(agreementInterval(s.sensitivity)).toBe("95 % interval 56.6–88.5 %");
  });

  it(`flags either figure resting on fewer than ${MIN_REVIEWS_TO_JUDGE} reviews as too few to judge`, () => {
    const enoughNormal = [cell("NORMAL_WRITHING", "LOW", MIN_REVIEWS_TO_JUDGE)];
    const fewAbnormal = summarizeReviewAgreement([...enoughNormal, cell("CHAOTIC", "HIGH", MIN_REVIEWS_TO_JUDGE - 1)]);
    expect([fewAbnormal.sensitivity.tooFew, fewAbnormal.specificity.tooFew, fewAbnormal.tooFew]).toEqual([true, false, true]);
    const enough = summarizeReviewAgreement([...enoughNormal, cell("CHAOTIC", "HIGH", MIN_REVIEWS_TO_JUDGE)]);
    expect(enough.tooFew).toBe(false);
    // Not-assessable reviews do not make up for missing normal ones.
    const fewNormal = summarizeReviewAgreement([cell("CHAOTIC", "HIGH", 30), cell("NORMAL_FIDGETY", "LOW", 5), cell("NOT_ASSESSABLE", "LOW", 30)]);
    expect([fewNormal.sensitivity.tooFew, fewNormal.specificity.tooFew, fewNormal.tooFew]).toEqual([false, true, true]);
  });

  it("reports 0 of n and n of n with intervals that reach 0 and 1", () => {
    const s = summarizeReviewAgreement([cell("CRAMPED_SYNCHRONISED", "LOW", 5), cell("NORMAL_WRITHING", "LOW", 4)]);
    expect(s.sensitivity).toMatchObject({ agreed: 0, reviews: 5, rate: 0 });
    expect(s.sensitivity.interval95).toEqual({ low: 0, high: expect.closeTo((Z * Z) / (5 + Z * Z), 10) as number });
    expect(s.specificity).toMatchObject({ agreed: 4, reviews: 4, rate: 1 });
    expect(s.specificity.interval95).toEqual({ low: expect.closeTo(4 / (4 + Z * Z), 10) as number, high: 1 });
    expect(agreementSentence("sensitivity", s.sensitivity)).toBe("Of 5 recordings clinicians classed abnormal (PR, CS, Ch, AF, F-), the model rated 0 (0.0 %) medium or high.");
    expect(agreementInterval(s.specificity)).toBe("95 % interval 51.0–100.0 %");
  });

  it("gives empty figures, no interval and the caution for no reviews at all", () => {
    const s = summarizeReviewAgreement([]);
    expect(s.rows).toHaveLength(8);
    expect(s.rows.every((r) => r.total === 0)).toBe(true);
    expect(s.totals).toEqual({ low: 0, medium: 0, high: 0, total: 0 });
    expect(s.reviews).toBe(0);
    expect(s.sensitivity).toEqual({ agreed: 0, reviews: 0, rate: null, interval95: null, tooFew: true });
    expect(s.specificity).toEqual({ agreed: 0, reviews: 0, rate: null, interval95: null, tooFew: true });
    expect(s.tooFew).toBe(true);
    expect(agreementSentence("specificity", s.specificity)).toBe("No recording has been classed normal (N, F+) yet.");
    expect(agreementInterval(s.specificity)).toBe("—");
  });

  it("counts a class or level this dashboard does not know apart instead of in a row or a figure", () => {
    const s = summarizeReviewAgreement([cell("SOMETHING_NEW" as GmaClassification, "HIGH", 3), cell("CHAOTIC", "EXTREME" as RiskLevel, 2), cell("CHAOTIC", "HIGH", 1)]);
    expect(s.unrecognised).toBe(5);
    expect(s.totals.total).toBe(1);
    expect(s.reviews).toBe(6);
    expect(s.sensitivity).toMatchObject({ agreed: 1, reviews: 1 });
  });

  it("lists the abbreviations of each verdict's classes", () => {
    expect(verdictAbbreviations("abnormal")).toBe("PR, CS, Ch, AF, F-");
    expect(verdictAbbreviations("normal")).toBe("N, F+");
  });
});

describe("the chart of reviews per clinician's class", () => {
  it("stacks the model's levels per class, named by abbreviation, and says so in its text alternative", () => {
    const s = summarizeReviewAgreement([cell("NORMAL_WRITHING", "LOW", 4), cell("NORMAL_WRITHING", "HIGH", 1), cell("ABSENT_FIDGETY", "MEDIUM", 2)]);
    const bars = agreementBars(s);
    expect(bars.map((b) => b.name)).toEqual(["N", "PR", "CS", "Ch", "F+", "AF", "F-", "n/a"]);
    expect(bars[0]).toEqual({ name: "N", low: 4, medium: 0, high: 1 });
    const series = [
      { key: "low", label: "rated low" },
      { key: "medium", label: "rated medium" },
      { key: "high", label: "rated high" },
    ];
    expect(describeBars({ what: "reviews (count)", by: "clinician's class", data: bars, series })).toBe(
      "reviews (count) by clinician's class: N: rated low 4, rated high 1; PR: none; CS: none; Ch: none; F+: none; AF: none; F-: rated medium 2; n/a: none.",
    );
  });
});
