import { describe, expect, it } from "vitest";
import { reviewPeriodWarning } from "@/lib/review-period";

describe("a review's class against the recording's period", () => {
  it("says nothing when the class is of the recording's period", () => {
    expect(reviewPeriodWarning("ABSENT_FIDGETY", "fidgety")).toBeNull();
    expect(reviewPeriodWarning("CRAMPED_SYNCHRONISED", "writhing")).toBeNull();
  });

  it("warns of a class of the other period, naming both periods and what to check", () => {
    expect(reviewPeriodWarning("NORMAL_WRITHING", "fidgety")).toBe(
      "N (Normal writhing movements) is a class of the writhing period (to 8 weeks corrected), but this recording is in the fidgety period (9-20 weeks corrected). Check the class, or the age the recording was analysed with.",
    );
    expect(reviewPeriodWarning("NORMAL_FIDGETY", "writhing")).toMatch(/^F\+ \(Normal fidgety movements\) is a class of the fidgety period .* but this recording is in the writhing period/);
  });

  it("warns that a recording past 20 weeks is beyond both periods", () => {
    expect(reviewPeriodWarning("NORMAL_FIDGETY", "beyond")).toMatch(/past 20 weeks corrected age/);
  });

  it("says nothing with no class chosen, no known period, or a recording not assessable", () => {
    expect(reviewPeriodWarning(null, "fidgety")).toBeNull();
    expect(reviewPeriodWarning("NORMAL_WRITHING", null)).toBeNull();
    expect(reviewPeriodWarning("NOT_ASSESSABLE", "beyond")).toBeNull();
  });
});
