import { bundledNormalStatistics } from "../../../src/analysis";
import type { AnalyzeWindowsOptions } from "../../../src/pipeline";
import { alternating, makeWindows } from "../../analysis/support/make-windows";

const normal = bundledNormalStatistics();

/**
 * What analyzeWindows gets for 40 windows of normal movement (every joint at its normal
 * amplitude) from a 17.2 s recording at 25 fps with a valid pose in 400 of 430 frames, at 12
 * weeks, scored by `model`; `over` replaces any of it.
 */
export function normalWindowsOptions(model: AnalyzeWindowsOptions["model"], over: Partial<AnalyzeWindowsOptions> = {}): AnalyzeWindowsOptions {
  return {
    windows: makeWindows(40, alternating((j) => normal.jointAmplitudes[j]!)),
    count: 40,
    startFrames: Int32Array.from({ length: 40 }, (_, i) => i * 10),
    fps: 25,
    frameStats: { frameCount: 430, validPoseFrames: 400, durationS: 430 / 25, fps: 25 },
    ageWeeks: 12,
    model,
    ...over,
  };
}
