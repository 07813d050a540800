import { describe, expect, it } from "vitest";
import { computeWindowStatistics } from "../../src/synthetic";
import { loadRealNormalStatistics, sampleNormalWindows } from "../../src/synthetic/calibrate";

// Tolerance: every joint's mean amplitude and mean velocity over simulated fidgety windows lies
// within one real standard deviation of the real MINI-RGBD mean for that joint, and the overall
// amplitude and velocity means lie within 15 % of the real overall means. The seed differs from
// the one the calibration was fitted on, so this checks generalisation, not the fit itself.
const OVERALL_TOLERANCE = 0.15;

describe("simulator calibration against MINI-RGBD normal statistics", () => {
  const real = loadRealNormalStatistics();
  const { windows, count } = sampleNormalWindows({ seed: 2024, infants: 10, durationS: 20, stride: 5 });
  const sim = computeWindowStatistics(windows, count);

  it("puts every joint's mean amplitude within one real standard deviation of the real mean", () => {
    expect(count).toBeGreaterThan(300);
    for (let j = 0; j < 25; j++) {
      expect(Math.abs(sim.jointAmplitudes[j]! - real.joint_amplitudes[j]!), `joint ${j}`).toBeLessThanOrEqual(real.joint_amplitudes_std[j]!);
    }
  });

  it("puts every joint's mean velocity within one real standard deviation of the real mean", () => {
    for (let j = 0; j < 25; j++) {
      expect(Math.abs(sim.jointVelocities[j]! - real.joint_velocities[j]!), `joint ${j}`).toBeLessThanOrEqual(real.joint_velocities_std[j]!);
    }
  });

  it("puts the overall amplitude and velocity means within 15 % of the real ones", () => {
    expect(Math.abs(sim.overall.amplitudeMean / real.overall_statistics.amplitude_mean - 1)).toBeLessThan(OVERALL_TOLERANCE);
    expect(Math.abs(sim.overall.velocityMean / real.overall_statistics.velocity_mean - 1)).toBeLessThan(OVERALL_TOLERANCE);
  });
});
