import { VALUES_PER_FRAME, countValidJoints } from "./joint-sequence";

/** A frame with fewer valid joints than this is a gap (domain.md, "clean"). */
export const DEFAULT_MIN_VALID_JOINTS = 15;

/**
 * Marks the gap frames of a flat joint array: 1 where the frame has fewer than
 * `minValidJoints` joints with all three coordinates finite, else 0.
 */
export function findGapFrames(data: Float32Array, frameCount: number, minValidJoints: number = DEFAULT_MIN_VALID_JOINTS): Uint8Array {
  if (data.length < frameCount * VALUES_PER_FRAME) throw new RangeError(`findGapFrames: data holds fewer than ${frameCount} frames`);
  const gaps = new Uint8Array(frameCount);
  for (let f = 0; f < frameCount; f++) gaps[f] = countValidJoints(data, f) < minValidJoints ? 1 : 0;
  return gaps;
}
