import { describe, expect, it } from "vitest";
import { assessAsymmetry, asymmetryThreshold, bundledNormalStatistics, computeMovementStats } from "../../src/analysis";
import { LIMB_GROUPS } from "../../src/skeleton";
import { alternating, makeWindows } from "./support/make-windows";

const left = new Set<number>([...LIMB_GROUPS.leftArm, ...LIMB_GROUPS.leftLeg]);
const right = new Set<number>([...LIMB_GROUPS.rightArm, ...LIMB_GROUPS.rightLeg]);

/** Windows whose left limbs move `ratio` times as much as the right ones (amplitude 0.05 on the right). */
function statsWithRatio(ratio: number, count = 4) {
  const windows = makeWindows(count, alternating((j) => (left.has(j) ? 0.05 * ratio : right.has(j) ? 0.05 : 0)));
  return computeMovementStats(windows, count);
}

describe("assessAsymmetry", () => {
  const normal = bundledNormalStatistics();

  it("uses 2.5 sigma under 12 weeks corrected age and 2.0 sigma from 12 weeks", () => {
    expect(asymmetryThreshold(11.9)).toBe(2.5);
    expect(asymmetryThreshold(12)).toBe(2.0);
    expect(asymmetryThreshold(-4)).toBe(2.5);
  });

  it("measures the left/right ratio and its z-score against the normal ratio", () => {
    const result = assessAsymmetry(statsWithRatio(1.5), normal, 14);
    const arm = result.limbs.find((l) => l.limb === "arm")!;
    const leg = result.limbs.find((l) => l.limb === "leg")!;
    expect(arm.ratio).toBeCloseTo(1.5, 5);
    expect(arm.zScore).toBeCloseTo((1.5 - normal.leftRightRatios.arm.mean) / normal.leftRightRatios.arm.std, 5);
    expect(leg.zScore).toBeCloseTo((1.5 - normal.leftRightRatios.leg.mean) / normal.leftRightRatios.leg.std, 5);
  });

  it("flags a ratio between the two thresholds at 14 weeks but not at 10 weeks", () => {
    // arm: normal 1.385 +- 0.502, so ratio 2.5 has z = 2.22
    const stats = statsWithRatio(2.5);
    const older = assessAsymmetry(stats, normal, 14).limbs.find((l) => l.limb === "arm")!;
    const younger = assessAsymmetry(stats, normal, 10).limbs.find((l) => l.limb === "arm")!;
    expect(older.zScore).toBeGreaterThan(2.0);
    expect(older.zScore).toBeLessThan(2.5);
    expect(older.asymmetric).toBe(true);
    expect(older.reducedSide).toBe("right");
    expect(younger.asymmetric).toBe(false);
    expect(younger.reducedSide).toBeNull();
  });

  it("names the left side as reduced when the ratio falls far below normal", () => {
    const leg = assessAsymmetry(statsWithRatio(0.4), normal, 14).limbs.find((l) => l.limb === "leg")!;
    expect(leg.asymmetric).toBe(true);
    expect(leg.reducedSide).toBe("left");
  });

  it("takes its thresholds from options", () => {
    const stats = statsWithRatio(2.5);
    expect(assessAsymmetry(stats, normal, 14, { olderSigma: 3 }).limbs[0]!.asymmetric).toBe(false);
    expect(assessAsymmetry(stats, normal, 10, { ageBoundaryWeeks: 8 }).thresholdSigma).toBe(2.0);
    expect(() => assessAsymmetry(stats, normal, 10, { youngerSigma: -1 })).toThrow(/youngerSigma/);
  });

  it("gives no ratio when the right limb never moves", () => {
    const windows = makeWindows(2, alternating((j) => (left.has(j) ? 0.05 : 0)));
    const result = assessAsymmetry(computeMovementStats(windows, 2), normal, 14);
    expect(result.limbs.every((l) => l.ratio === null && l.zScore === null && !l.asymmetric)).toBe(true);
  });
});
