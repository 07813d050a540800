import { assertJointSequence, type JointSequence } from "../skeleton";

/**
 * Resamples a joint sequence to another frame rate by linear interpolation between the two
 * nearest source frames; a value is missing (NaN) when either neighbour is. Used to bring
 * imported recordings (MINI-RGBD is 30 fps) to the analysis rate.
 */
export function resampleSequence(seq: JointSequence, targetFps: number): JointSequence {
  assertJointSequence(seq);
  if (!(targetFps > 0 && Number.isFinite(targetFps))) throw new RangeError(`targetFps must be a positive number, got ${targetFps}`);
  if (targetFps === seq.fps || seq.frameCount === 0) return { fps: targetFps, frameCount: seq.frameCount, data: new Float32Array(seq.data) };
  const durationS = (seq.frameCount - 1) / seq.fps;
  const frames = Math.floor(durationS * targetFps + 1e-9) + 1;
  const out = new Float32Array(frames * 75);
  for (let f = 0; f < frames; f++) {
    const pos = (f / targetFps) * seq.fps;
    const i0 = Math.min(seq.frameCount - 1, Math.floor(pos));
    const i1 = Math.min(seq.frameCount - 1, i0 + 1);
    const w = pos - i0;
    for (let v = 0; v < 75; v++) {
      const a = seq.data[i0 * 75 + v]!;
      const b = seq.data[i1 * 75 + v]!;
      out[f * 75 + v] = w === 0 ? a : a + (b - a) * w;
    }
  }
  return { fps: targetFps, frameCount: frames, data: out };
}
