/** Position of one joint in one frame of one window. */
export type JointPath = (window: number, frame: number, joint: number) => readonly [number, number, number];

/** Builds count x windowSize x 75 float32 windows from a position function; joints it returns undefined for stay at the origin. */
export function makeWindows(count: number, path: JointPath, windowSize = 30): Float32Array {
  const out = new Float32Array(count * windowSize * 75);
  for (let w = 0; w < count; w++) {
    for (let t = 0; t < windowSize; t++) {
      for (let j = 0; j < 25; j++) {
        const [x, y, z] = path(w, t, j);
        const i = ((w * windowSize + t) * 25 + j) * 3;
        out[i] = x;
        out[i + 1] = y;
        out[i + 2] = z;
      }
    }
  }
  return out;
}

/** Joint positions oscillating along x with amplitude `amp(joint, window)` (std of ±a is a; velocity 2a). */
export function alternating(amp: (joint: number, window: number) => number): JointPath {
  return (w, t, j) => [amp(j, w) * (t % 2 === 0 ? 1 : -1), 0, 0];
}
