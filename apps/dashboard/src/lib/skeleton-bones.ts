/**
 * Parent of each of the 25 joints (SMIL/SMPL order, as in the pipeline's 25-joint skeleton);
 * -1 for the root. A bone joins a joint to its parent.
 */
export const JOINT_PARENTS: readonly number[] = [-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21, 15];

/** A joint sequence to replay: frames of 25 [x, y] points (any unit; the player fits them). */
export interface JointSequence {
  fps: number;
  frames: (readonly [number, number])[][];
}

/** Bounding box of every point of every frame, so the figure does not jump around while playing. */
export function sequenceBounds(sequence: JointSequence): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const frame of sequence.frames)
    for (const [x, y] of frame) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  return { minX, minY, maxX, maxY };
}

/** Frame shown at time `t` seconds (clamped to the sequence). */
export function frameAt(sequence: JointSequence, t: number): number {
  return Math.max(0, Math.min(sequence.frames.length - 1, Math.floor(t * sequence.fps)));
}
