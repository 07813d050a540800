import { generateAnchors, type Anchor } from "./anchors";
import { cropAndResize } from "./crop-and-resize";
import type { Detection } from "./detection";
import { weightedNms } from "./nms";
import type { PoseModelRunner } from "./pose-model-loader";
import type { RgbFrame } from "./rgb-frame";
import { roiToFrame, type Roi } from "./roi";

/** Input side of the BlazePose detector. */
export const DETECTOR_INPUT_SIZE = 224;
const COLUMNS = 13;

/** Options of {@link PoseDetector}. */
export interface PoseDetectorOptions {
  /**
   * Minimum sigmoid score of a detection.
   * @defaultValue 0.5
   */
  scoreThreshold?: number;
  /**
   * IoU above which detections are merged by weighted NMS.
   * @defaultValue 0.3
   */
  iouThreshold?: number;
}

/** Decodes the detector's raw [2254, 13] output into detections in letterboxed input coordinates. */
export function decodeDetections(raw: Float32Array, anchors: readonly Anchor[], scoreThreshold: number): Detection[] {
  const out: Detection[] = [];
  const size = DETECTOR_INPUT_SIZE;
  const logitThreshold = Math.log(scoreThreshold / (1 - scoreThreshold));
  for (let i = 0; i < anchors.length; i++) {
    const r = i * COLUMNS;
    // MediaPipe clips the logit to +-100 before the sigmoid.
    const logit = Math.max(-100, Math.min(100, raw[r]!));
    if (logit < logitThreshold) continue;
    const a = anchors[i]!;
    const keypoints = new Float32Array(8);
    for (let k = 0; k < 4; k++) {
      keypoints[2 * k] = raw[r + 5 + 2 * k]! / size + a.x;
      keypoints[2 * k + 1] = raw[r + 6 + 2 * k]! / size + a.y;
    }
    out.push({
      score: 1 / (1 + Math.exp(-logit)),
      x: raw[r + 1]! / size + a.x,
      y: raw[r + 2]! / size + a.y,
      width: raw[r + 3]! / size,
      height: raw[r + 4]! / size,
      keypoints,
    });
  }
  return out;
}

/** The square region that letterboxes the whole frame into the detector's input. */
export function letterboxRoi(width: number, height: number): Roi {
  const side = Math.max(width, height);
  return { cx: width / 2, cy: height / 2, width: side, height: side, rotation: 0 };
}

/**
 * Finds people in a frame with the BlazePose detector: letterbox to 224 x 224 in [-1, 1],
 * decode against the SSD anchors, weighted NMS, and map back to normalised frame coordinates.
 */
export class PoseDetector {
  private readonly anchors = generateAnchors();
  private readonly input = new Float32Array(DETECTOR_INPUT_SIZE * DETECTOR_INPUT_SIZE * 3);
  private readonly scoreThreshold: number;
  private readonly iouThreshold: number;

  constructor(
    private readonly runner: PoseModelRunner,
    options: PoseDetectorOptions = {},
  ) {
    this.scoreThreshold = options.scoreThreshold ?? 0.5;
    this.iouThreshold = options.iouThreshold ?? 0.3;
    if (!(this.scoreThreshold > 0 && this.scoreThreshold < 1)) throw new RangeError(`scoreThreshold must be in (0, 1), got ${this.scoreThreshold}`);
    if (!(this.iouThreshold > 0 && this.iouThreshold <= 1)) throw new RangeError(`iouThreshold must be in (0, 1], got ${this.iouThreshold}`);
  }

  /** Detections in normalised frame coordinates, best first (empty when nobody is found). */
  async detect(frame: RgbFrame): Promise<Detection[]> {
    const box = letterboxRoi(frame.width, frame.height);
    cropAndResize(frame, box, DETECTOR_INPUT_SIZE, -1, 1, this.input);
    const outputs = await this.runner.run(this.input, [1, DETECTOR_INPUT_SIZE, DETECTOR_INPUT_SIZE, 3]);
    const raw = outputs.person ?? Object.values(outputs)[0]!;
    const merged = weightedNms(decodeDetections(raw, this.anchors, this.scoreThreshold), this.iouThreshold);
    const toFrame = (u: number, v: number): [number, number] => {
      const [x, y] = roiToFrame(box, u, v);
      return [x / frame.width, y / frame.height];
    };
    return merged.map((d) => {
      const [x, y] = toFrame(d.x, d.y);
      const keypoints = new Float32Array(d.keypoints.length);
      for (let k = 0; k < keypoints.length; k += 2) {
        const [kx, ky] = toFrame(d.keypoints[k]!, d.keypoints[k + 1]!);
        keypoints[k] = kx;
        keypoints[k + 1] = ky;
      }
      return { score: d.score, x, y, width: (d.width * box.width) / frame.width, height: (d.height * box.height) / frame.height, keypoints };
    });
  }
}
