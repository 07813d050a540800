import path from "node:path";
import type { SessionFactoryOptions } from "../inference";
import type { WeightPrecision } from "./converter/weight-precision";
import { WEIGHT_PRECISIONS } from "./converter/weight-precision";
import { PoseDetector } from "./detector";
import { LANDMARK_VALUES, LandmarkModel, POSE_LANDMARKS } from "./landmarks";
import { modelFileName, POSE_VARIANTS, type PoseVariant } from "./models/model-files";
import { verifyModels } from "./models/verify-models";
import { OrtPoseModelLoader, type PoseModelLoader, type PoseModelRunner } from "./pose-model-loader";
import type { PoseResult } from "./pose-result";
import type { RgbFrame } from "./rgb-frame";
import { PoseTracker } from "./tracker";

/** Options of {@link PoseEstimator.create}. */
export interface PoseEstimatorOptions {
  /** Directory prepared by `prepareModels` (set-up). */
  modelsDir: string;
  /**
   * Landmark model size.
   * @defaultValue "full"
   */
  variant?: PoseVariant;
  /**
   * Weight storage of the model files to load.
   * @defaultValue the manifest's `defaultPrecision` (fp16)
   */
  precision?: WeightPrecision;
  /** Session factory options (execution provider, threads) for the default loader. */
  sessionOptions?: SessionFactoryOptions;
  /** Replaces the default one-session-per-file loader, e.g. with a `CachedPoseModelLoader`. */
  loader?: PoseModelLoader;
  /**
   * Minimum detector score that starts a track.
   * @defaultValue 0.5
   */
  detectionThreshold?: number;
  /**
   * Pose flag below which the track is dropped and the detector runs again.
   * @defaultValue 0.5
   */
  poseFlagThreshold?: number;
  /**
   * Check the model files' SHA-256 against the manifest before loading.
   * @defaultValue true
   */
  verify?: boolean;
}

/**
 * BlazePose on a stream of RGB frames: the detector finds the person, the landmark model
 * follows them from frame to frame, and the detector runs again whenever the pose flag drops.
 * Not safe for concurrent `estimate` calls: frames of one video go through in order.
 */
export class PoseEstimator {
  private readonly tracker: PoseTracker;

  private constructor(
    private readonly detectorRunner: PoseModelRunner,
    private readonly landmarkRunner: PoseModelRunner,
    private readonly detector: PoseDetector,
    private readonly landmarkModel: LandmarkModel,
    poseFlagThreshold: number,
    /** The landmark variant in use. */
    readonly variant: PoseVariant,
    /** The weight precision in use. */
    readonly precision: WeightPrecision,
  ) {
    this.tracker = new PoseTracker(poseFlagThreshold);
  }

  /** Loads the detector and landmark models; fails with MODELS_MISSING / MODELS_CORRUPT when set-up has not run. */
  static async create(options: PoseEstimatorOptions): Promise<PoseEstimator> {
    const variant = options.variant ?? "full";
    if (!POSE_VARIANTS.includes(variant)) throw new RangeError(`variant must be one of ${POSE_VARIANTS.join(", ")}, got "${variant}"`);
    if (options.precision !== undefined && !WEIGHT_PRECISIONS.includes(options.precision)) {
      throw new RangeError(`precision must be one of ${WEIGHT_PRECISIONS.join(", ")}, got "${options.precision}"`);
    }
    const manifestPrecision = async (): Promise<WeightPrecision> =>
      (await verifyModels(options.modelsDir, { models: [] })).defaultPrecision;
    const precision = options.precision ?? (await manifestPrecision());
    const wanted = [
      { network: "detector" as const, precision },
      { network: variant, precision },
    ];
    if (options.verify ?? true) await verifyModels(options.modelsDir, { models: wanted });
    const loader = options.loader ?? new OrtPoseModelLoader(options.sessionOptions);
    const detectorRunner = await loader.load(path.join(options.modelsDir, modelFileName("detector", precision)));
    let landmarkRunner: PoseModelRunner;
    try {
      landmarkRunner = await loader.load(path.join(options.modelsDir, modelFileName(variant, precision)));
    } catch (error) {
      await detectorRunner.release();
      throw error;
    }
    const detector = new PoseDetector(detectorRunner, { scoreThreshold: options.detectionThreshold ?? 0.5 });
    return new PoseEstimator(detectorRunner, landmarkRunner, detector, new LandmarkModel(landmarkRunner), options.poseFlagThreshold ?? 0.5, variant, precision);
  }

  /** Pose in this frame, or null when no person is found. */
  async estimate(frame: RgbFrame): Promise<PoseResult | null> {
    const { width, height, data } = frame;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 3) {
      throw new RangeError(`frame must be ${width} x ${height} x 3 RGB bytes, got ${data.length} bytes`);
    }
    // A track that was lost gets one fresh detection in the same frame rather than a skipped frame.
    for (let attempt = 0; attempt < 2; attempt++) {
      const tracked = this.tracker.current !== undefined;
      let roi = this.tracker.current;
      if (!roi) {
        const best = (await this.detector.detect(frame))[0];
        if (!best) return null;
        roi = this.tracker.seed(best, width, height);
      }
      const { landmarks, poseFlag } = await this.landmarkModel.estimate(frame, roi);
      const score = this.tracker.score;
      if (this.tracker.update(landmarks, poseFlag, width, height)) {
        return { landmarks: landmarks.slice(0, POSE_LANDMARKS * LANDMARK_VALUES), score, poseFlag };
      }
      if (!tracked) return null;
    }
    return null;
  }

  /** Forgets the current track (call between videos). */
  reset(): void {
    this.tracker.reset();
  }

  /** Releases both onnxruntime sessions. */
  async release(): Promise<void> {
    await Promise.all([this.detectorRunner.release(), this.landmarkRunner.release()]);
  }
}
