import type { SensorNoise } from "./camera-model";

/**
 * Movement gains of the normal (fidgety) class per body region: the standard deviation, in
 * radians (metres for the pelvis), of each channel's movement around the resting posture.
 */
export interface RegionGains {
  pelvis: number;
  trunk: number;
  head: number;
  shoulder: number;
  elbow: number;
  wrist: number;
  hip: number;
  knee: number;
  ankle: number;
}

/** Figures that tie the simulator to the real normal statistics. */
export interface SimulatorCalibration {
  gains: RegionGains;
  noise: SensorNoise;
}

/**
 * Calibrated so that fidgety windows, after the pipeline's cleaning and normalisation, have
 * per-joint amplitude and velocity near the MINI-RGBD normal statistics
 * (`packages/core/data/mini-rgbd-normal-statistics.json`); found by
 * `tsx packages/core/src/synthetic/calibrate.ts` and checked by
 * `tests/synthetic/calibration.test.ts`.
 */
export const DEFAULT_CALIBRATION: SimulatorCalibration = {
  gains: { pelvis: 0.0105, trunk: 0.056, head: 0.439, shoulder: 0.386, elbow: 0.527, wrist: 0.215, hip: 0.169, knee: 0.26, ankle: 0.488 },
  noise: { jitter: 0.0105, depthJitter: 0.0211, jitterCorrelation: 0.3 },
};
