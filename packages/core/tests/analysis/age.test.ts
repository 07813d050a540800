import { describe, expect, it } from "vitest";
import { InvalidAgeError, agePeriod, correctedAgeWeeks, describeAge } from "../../src/analysis";

describe("age", () => {
  it("subtracts the weeks missing to term for an infant born before 37 weeks", () => {
    expect(correctedAgeWeeks(16, 32)).toBe(8);
    expect(correctedAgeWeeks(16, 36.5)).toBe(12.5);
    expect(correctedAgeWeeks(4, 28)).toBe(-8);
  });

  it("leaves the age alone for an infant born at 37 weeks or later, or with no gestational age", () => {
    expect(correctedAgeWeeks(16, 37)).toBe(16);
    expect(correctedAgeWeeks(16, 41)).toBe(16);
    expect(correctedAgeWeeks(16)).toBe(16);
    expect(correctedAgeWeeks(16, null)).toBe(16);
  });

  it("names the writhing period below 9 weeks, fidgety from 9 to 20 weeks and beyond after", () => {
    expect(agePeriod(-3)).toBe("writhing");
    expect(agePeriod(8.9)).toBe("writhing");
    expect(agePeriod(9)).toBe("fidgety");
    expect(agePeriod(20)).toBe("fidgety");
    expect(agePeriod(20.5)).toBe("beyond");
  });

  it("picks the period from the corrected age, not the chronological one", () => {
    const info = describeAge(14, 30);
    expect(info).toEqual({ ageWeeks: 14, gestationalAgeWeeks: 30, correctedAgeWeeks: 4, corrected: true, period: "writhing" });
    expect(describeAge(14).period).toBe("fidgety");
  });

  it("takes other boundaries from its options", () => {
    expect(agePeriod(8, { fidgetyFromWeeks: 8 })).toBe("fidgety");
    expect(correctedAgeWeeks(10, 37, { pretermBeforeWeeks: 38 })).toBe(7);
    expect(() => agePeriod(10, { fidgetyFromWeeks: 21 })).toThrow(/fidgetyUntilWeeks/);
  });

  it("refuses a negative age or an impossible gestational age with INVALID_AGE", () => {
    for (const [age, ga] of [[-1, undefined], [Number.NaN, undefined], [10, 12], [10, 50]] as const) {
      let error: unknown;
      try {
        correctedAgeWeeks(age, ga);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidAgeError);
      expect((error as InvalidAgeError).code).toBe("INVALID_AGE");
      expect((error as InvalidAgeError).hint).toMatch(/weeks/);
    }
  });
});
