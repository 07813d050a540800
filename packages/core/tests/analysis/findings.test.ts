import { describe, expect, it } from "vitest";
import { bundledNormalStatistics, computeFindings, computeMovementStats } from "../../src/analysis";
import { CENTRAL_JOINTS, LIMB_GROUPS } from "../../src/skeleton";
import { alternating, makeWindows } from "./support/make-windows";

describe("computeFindings", () => {
  const normal = bundledNormalStatistics();
  const atNormal = (j: number): number => normal.jointAmplitudes[j]!;

  it("reports every joint except the central ones, with z-scores against the normal ranges", () => {
    const stats = computeMovementStats(makeWindows(3, alternating(atNormal)), 3);
    const f = computeFindings(stats, normal);
    expect(f.joints).toHaveLength(25 - CENTRAL_JOINTS.length);
    expect(f.joints.some((j) => (CENTRAL_JOINTS as readonly number[]).includes(j.joint))).toBe(false);
    const hand = f.joints.find((j) => j.name === "leftHand")!;
    expect(hand.joint).toBe(20);
    expect(hand.amplitude).toBeCloseTo(normal.jointAmplitudes[20]!, 6);
    expect(hand.amplitudeZ).toBeCloseTo(0, 4);
    // alternating +-a moves 2a per frame
    expect(hand.velocityZ).toBeCloseTo((2 * normal.jointAmplitudes[20]! - normal.jointVelocities[20]!) / normal.jointVelocitiesStd[20]!, 4);
    expect(f.joints.every((j) => j.status === "normal")).toBe(true);
    expect(f.movementLevel).toBe("normal");
  });

  it("marks a still limb as reduced and an overactive joint as increased", () => {
    const still = new Set<number>(LIMB_GROUPS.rightLeg);
    const stats = computeMovementStats(makeWindows(2, alternating((j) => (still.has(j) ? 0 : j === 20 ? atNormal(j) * 5 : atNormal(j)))), 2);
    const f = computeFindings(stats, normal);
    expect(f.joints.find((j) => j.joint === 5)!.status).toBe("reduced");
    expect(f.joints.find((j) => j.joint === 20)!.status).toBe("increased");
    expect(f.limbs.find((l) => l.limb === "rightLeg")!.status).toBe("reduced");
    expect(f.limbs.find((l) => l.limb === "leftLeg")!.status).toBe("normal");
  });

  it("grades overall movement as absent below 0.01 and reduced below 0.03", () => {
    const grade = (a: number) => computeFindings(computeMovementStats(makeWindows(1, alternating(() => a)), 1), normal);
    expect(grade(0.005).movementLevel).toBe("absent");
    expect(grade(0.005).overallAmplitude).toBeCloseTo(0.005, 7);
    expect(grade(0.02).movementLevel).toBe("reduced");
    expect(grade(0.05).movementLevel).toBe("normal");
    expect(grade(0.05).overallVelocity).toBeCloseTo(0.1, 7);
  });

  it("takes its limits from options and rejects inconsistent ones", () => {
    const stats = computeMovementStats(makeWindows(1, alternating(() => 0.02)), 1);
    expect(computeFindings(stats, normal, { reducedAmplitude: 0.015 }).movementLevel).toBe("normal");
    expect(() => computeFindings(stats, normal, { absentAmplitude: 0.05 })).toThrow(/absentAmplitude/);
    expect(() => computeFindings(stats, normal, { zLimit: 0 })).toThrow(/zLimit/);
  });
});
