import { cropAndResize } from "./crop-and-resize";
import type { PoseModelRunner } from "./pose-model-loader";
import type { RgbFrame } from "./rgb-frame";
import { roiToFrame, type Roi } from "./roi";

/** Input side of the BlazePose landmark models. */
export const LANDMARK_INPUT_SIZE = 256;
/** Landmarks the model returns: 33 body points plus 6 auxiliary ones used for tracking. */
export const MODEL_LANDMARKS = 39;
/** Body landmarks reported to callers (MediaPipe's pose topology). */
export const POSE_LANDMARKS = 33;
/** Values per landmark: x, y, z, visibility, presence. */
export const LANDMARK_VALUES = 5;

/** Output of one landmark-model run, mapped to the frame. */
export interface LandmarkOutput {
  /**
   * 39 x (x, y, z, visibility, presence): x, y normalised to the frame ([0, 1] across it), z in
   * the same units as x (scaled by the region's width), visibility and presence as probabilities.
   */
  landmarks: Float32Array;
  /** Probability that a person is in the region (already a sigmoid in the model). */
  poseFlag: number;
}

/**
 * The landmark-model outputs {@link LandmarkModel} fetches. The models also have
 * `activation_segmentation`, `activation_heatmap` and `world_3d` heads, which nothing here reads;
 * fetching only these two lets onnxruntime skip those heads (about 8 % of a full-model run).
 */
export const LANDMARK_OUTPUTS: readonly string[] = ["ld_3d", "output_poseflag"];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Maps the raw `ld_3d` output (pixels of the 256 crop, logits) to frame coordinates. */
export function mapLandmarks(ld3d: Float32Array, roi: Roi, frameWidth: number, frameHeight: number): Float32Array {
  const out = new Float32Array(MODEL_LANDMARKS * LANDMARK_VALUES);
  for (let i = 0; i < MODEL_LANDMARKS; i++) {
    const r = i * LANDMARK_VALUES;
    const [x, y] = roiToFrame(roi, ld3d[r]! / LANDMARK_INPUT_SIZE, ld3d[r + 1]! / LANDMARK_INPUT_SIZE);
    out[r] = x / frameWidth;
    out[r + 1] = y / frameHeight;
    out[r + 2] = ((ld3d[r + 2]! / LANDMARK_INPUT_SIZE) * roi.width) / frameWidth;
    out[r + 3] = sigmoid(ld3d[r + 3]!);
    out[r + 4] = sigmoid(ld3d[r + 4]!);
  }
  return out;
}

/** Runs a BlazePose landmark model (lite, full or heavy) on a rotated region of a frame. */
export class LandmarkModel {
  private readonly input = new Float32Array(LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3);

  constructor(private readonly runner: PoseModelRunner) {}

  async estimate(frame: RgbFrame, roi: Roi): Promise<LandmarkOutput> {
    cropAndResize(frame, roi, LANDMARK_INPUT_SIZE, 0, 1, this.input);
    const out = await this.runner.run(this.input, [1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3], LANDMARK_OUTPUTS);
    const ld3d = out.ld_3d;
    const flag = out.output_poseflag;
    if (!ld3d || !flag) throw new Error("landmark model lacks the ld_3d / output_poseflag outputs");
    return { landmarks: mapLandmarks(ld3d, roi, frame.width, frame.height), poseFlag: flag[0]! };
  }
}
