/** Pose of the person in one frame. */
export interface PoseResult {
  /**
   * 33 MediaPipe landmarks x 5 values (x, y, z, visibility, presence); x and y normalised to the
   * frame ([0, 1] across its width and height), z in x's units, visibility and presence in [0, 1].
   */
  landmarks: Float32Array;
  /** Detector score of the detection that started the current track. */
  score: number;
  /** Landmark model's probability that a person is in the region this frame. */
  poseFlag: number;
}
