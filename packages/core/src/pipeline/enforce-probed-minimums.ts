import { enforceTimingMinimums, resolveQualityGate, type QualityGateOptions } from "../analysis";
import type { VideoInfo } from "../video";

/**
 * How far a video's stated duration may fall short of the length its frames decode to, in
 * seconds. The decoder's constant-rate output covers the last frame's display time and edit
 * lists, so the two differ: a 12 s variable-rate MP4 (30 fps, then 6 fps) stated 11.6 s and
 * decoded to 11.88 s. Within this margin of the minimum the decoded length decides.
 */
export const PROBED_DURATION_MARGIN_S = 1;

/**
 * The recording's own frame rate as its container states it (ffprobe's average frame rate, so
 * also right on average for a variable-rate recording); NaN when it states none. The quality
 * gate measures this figure, before decoding and after pose alike.
 */
export function statedFrameRate(info: Pick<VideoInfo, "fps">): number {
  return Number.isFinite(info.fps) && info.fps > 0 ? info.fps : Number.NaN;
}

/**
 * The stated duration when it can predict the decoded length; NaN otherwise. It must be stated
 * (a live WebM, as a browser records it, and raw streams state none) and agree with the frame
 * count the container states: a file cut short keeps its header's count (an AVI without its
 * index: 300 frames, 1.4 s), and a stream copied from mid-recording counts frames its edit list
 * hides. Either disagreement leaves the length to the decoder.
 */
function predictableDurationS(info: Pick<VideoInfo, "durationS" | "fps" | "frameCountEstimate">): number {
  const fps = statedFrameRate(info);
  if (!(Number.isFinite(info.durationS) && info.durationS > 0) || Number.isNaN(fps) || !Number.isFinite(info.frameCountEstimate)) return Number.NaN;
  const implied = info.durationS * fps;
  return Math.abs(info.frameCountEstimate - implied) <= Math.max(2, 0.02 * implied) ? info.durationS : Number.NaN;
}

/**
 * Refuses, from its probed metadata alone, a video that the quality gate would refuse for its
 * length or frame rate, before any frame is decoded or the pose models load. The minimums,
 * error, message and hint are the gate's own ({@link enforceTimingMinimums}). The frame rate is
 * the very figure the gate checks after pose; the length is refused only when the metadata can
 * be trusted and falls short by more than {@link PROBED_DURATION_MARGIN_S}; otherwise the gate
 * after pose measures the decoded length as before.
 *
 * @throws QualityTooLowError (QUALITY_TOO_LOW) naming the minimums that failed.
 */
export function enforceProbedMinimums(info: Pick<VideoInfo, "durationS" | "fps" | "frameCountEstimate">, quality: QualityGateOptions = {}): void {
  const gate = resolveQualityGate(quality);
  const durationS = predictableDurationS(info);
  enforceTimingMinimums({ durationS: durationS + PROBED_DURATION_MARGIN_S < gate.minDurationS ? durationS : Number.NaN, fps: statedFrameRate(info) }, gate);
}
