import type { JointSequence } from "../skeleton";
import { prepareWindows } from "../skeleton";
import type { Report } from "../report";
import { analyzeWindows, type AnalyzeWindowsOptions } from "./analyze";
import { jointFrameStats } from "./keypoints-to-joints";

/** Options of {@link analyzeJointSequence}: those of {@link analyzeWindows} that the sequence does not supply. */
export type AnalyzeJointSequenceOptions = Omit<AnalyzeWindowsOptions, "windows" | "count" | "startFrames" | "startTimesMs" | "fps" | "windowSize" | "frameStats">;

/**
 * Analyses a 25-joint sequence already at the analysis rate (a simulated infant, or joints read
 * elsewhere) as serving analyses a recording: every window (stride 1, the model's window size),
 * pose quality from the sequence itself, then {@link analyzeWindows}. For evaluations and tests
 * that must rate recordings exactly as a report would.
 */
export function analyzeJointSequence(sequence: JointSequence, options: AnalyzeJointSequenceOptions): Promise<Report> {
  const set = prepareWindows(sequence, { windowSize: options.model.windowSize, stride: 1 });
  return analyzeWindows({
    ...options,
    windows: set.windows,
    count: set.count,
    startFrames: set.startFrames,
    fps: sequence.fps,
    windowSize: set.windowSize,
    frameStats: jointFrameStats(sequence),
  });
}
