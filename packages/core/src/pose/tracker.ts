import type { Detection } from "./detection";
import { LANDMARK_VALUES } from "./landmarks";
import { roiFromAlignmentPoints, type Roi } from "./roi";

/** Auxiliary landmarks the model predicts for tracking: hip centre and the full-body alignment point. */
const HIP_CENTRE = 33;
const ALIGNMENT_POINT = 34;

/** Region for the landmark model from a detection (keypoints 0 and 1: hip centre, full-body point). */
export function roiFromDetection(d: Detection, frameWidth: number, frameHeight: number): Roi {
  const k = d.keypoints;
  return roiFromAlignmentPoints(k[0]! * frameWidth, k[1]! * frameHeight, k[2]! * frameWidth, k[3]! * frameHeight);
}

/** Region for the next frame from this frame's landmarks (MediaPipe's pose-landmarks-to-ROI). */
export function roiFromLandmarks(landmarks: Float32Array, frameWidth: number, frameHeight: number): Roi {
  const a = HIP_CENTRE * LANDMARK_VALUES;
  const b = ALIGNMENT_POINT * LANDMARK_VALUES;
  return roiFromAlignmentPoints(
    landmarks[a]! * frameWidth,
    landmarks[a + 1]! * frameHeight,
    landmarks[b]! * frameWidth,
    landmarks[b + 1]! * frameHeight,
  );
}

/**
 * Carries the region of interest from frame to frame: seeded by a detection, then derived from
 * the previous landmarks, dropped when the pose flag falls below the threshold so that the
 * detector runs again.
 */
export class PoseTracker {
  private roi: Roi | undefined;
  private seedScore = 0;

  constructor(readonly poseFlagThreshold = 0.5) {
    if (!(poseFlagThreshold > 0 && poseFlagThreshold < 1)) throw new RangeError(`poseFlagThreshold must be in (0, 1), got ${poseFlagThreshold}`);
  }

  /** The region to use for the current frame, or undefined when the detector must run. */
  get current(): Roi | undefined {
    return this.roi;
  }

  /** Detector score of the detection that started the current track. */
  get score(): number {
    return this.seedScore;
  }

  /** Starts a track from a detection. */
  seed(detection: Detection, frameWidth: number, frameHeight: number): Roi {
    this.seedScore = detection.score;
    this.roi = roiFromDetection(detection, frameWidth, frameHeight);
    return this.roi;
  }

  /** Feeds this frame's landmarks; returns false (and forgets the region) when the pose was lost. */
  update(landmarks: Float32Array, poseFlag: number, frameWidth: number, frameHeight: number): boolean {
    if (!(poseFlag >= this.poseFlagThreshold)) {
      this.reset();
      return false;
    }
    this.roi = roiFromLandmarks(landmarks, frameWidth, frameHeight);
    return true;
  }

  reset(): void {
    this.roi = undefined;
    this.seedScore = 0;
  }
}
