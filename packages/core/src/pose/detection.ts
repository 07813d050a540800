/** A person detection: box and keypoints in normalised frame coordinates ([0, 1] across the frame). */
export interface Detection {
  /** Sigmoid of the detector's score logit. */
  score: number;
  /** Box centre and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  /**
   * Four keypoints as x0, y0, x1, y1, ...: hip centre, a point fixing full-body size and
   * rotation, shoulder centre, a point fixing upper-body size and rotation.
   */
  keypoints: Float32Array;
}
