import { describe, expect, it } from "vitest";
import { computeMovementStats, jointMean, overallMean } from "../../src/analysis";
import { makeWindows } from "./support/make-windows";

describe("computeMovementStats", () => {
  it("gives the norm of the per-axis standard deviation as amplitude and the mean step length as velocity", () => {
    // joint 4 moves 3k along x and 4k along y per frame: steps of 5k; joint 7 flips between +a and -a on z.
    const k = 0.001;
    const a = 0.02;
    const windows = makeWindows(1, (_w, t, j) => {
      if (j === 4) return [3 * k * t, 4 * k * t, 0];
      if (j === 7) return [0.5, 0.5, t % 2 === 0 ? a : -a];
      return [0.1, 0.2, 0.3];
    });
    const stats = computeMovementStats(windows, 1);
    // population std of 0..29 is sqrt((30^2 - 1) / 12); the two axes combine to 5k times that.
    const std0to29 = Math.sqrt((30 * 30 - 1) / 12);
    expect(stats.amplitude[4]).toBeCloseTo(5 * k * std0to29, 6);
    expect(stats.velocity[4]).toBeCloseTo(5 * k, 7);
    expect(stats.amplitude[7]).toBeCloseTo(a, 7);
    expect(stats.velocity[7]).toBeCloseTo(2 * a, 7);
    expect(stats.amplitude[0]).toBe(0);
    expect(stats.velocity[0]).toBe(0);
  });

  it("keeps windows apart: each window's figures come from its own frames only", () => {
    const windows = makeWindows(3, (w, t, j) => [j === 20 ? (w + 1) * 0.01 * (t % 2 === 0 ? 1 : -1) : 0, 0, 0]);
    const stats = computeMovementStats(windows, 3);
    expect(stats.amplitude).toBeInstanceOf(Float32Array);
    expect(stats.amplitude.length).toBe(75);
    for (let w = 0; w < 3; w++) {
      expect(stats.amplitude[w * 25 + 20]).toBeCloseTo((w + 1) * 0.01, 7);
      expect(stats.velocity[w * 25 + 20]).toBeCloseTo((w + 1) * 0.02, 7);
      expect(stats.amplitude[w * 25 + 21]).toBe(0);
    }
    expect(jointMean(stats.amplitude, 3, 20)).toBeCloseTo(0.02, 7);
    expect(overallMean(stats.amplitude, 3)).toBeCloseTo(0.02 / 25, 7);
    expect(overallMean(stats.amplitude, 3, [20, 21])).toBeCloseTo(0.01, 7);
  });

  it("stays exact for a still joint far from the origin, where the one-pass variance formula cancels", () => {
    const windows = makeWindows(1, (_w, t) => [1000 + (t % 2 === 0 ? 1e-3 : -1e-3), 0, 0]);
    const stats = computeMovementStats(windows, 1);
    // float32 spacing near 1000 is 6.1e-5, so the stored positions are 1000 +- 0.00097656
    expect(stats.amplitude[0]).toBeCloseTo(0.0009765625, 6);
  });

  it("honours another window size", () => {
    const windows = makeWindows(2, (_w, t) => [t * 0.01, 0, 0], 5);
    const stats = computeMovementStats(windows, 2, 5);
    expect(stats.amplitude[25]).toBeCloseTo(0.01 * Math.sqrt(2), 7);
    expect(stats.velocity[25]).toBeCloseTo(0.01, 7);
  });

  it("rejects a buffer too short for the windows it is said to hold", () => {
    expect(() => computeMovementStats(new Float32Array(30 * 75), 2)).toThrow(/4500 values, got 2250/);
    expect(() => computeMovementStats(new Float32Array(0), 0, 1)).toThrow(/windowSize/);
  });
});
