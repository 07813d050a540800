import { performance } from "node:perf_hooks";
import { timed } from "../perf";
import { PoseEstimator, type PoseEstimatorOptions, type PoseResult, type RgbFrame } from "../pose";
import {
  DEFAULT_MIN_VALID_JOINTS,
  DEFAULT_WINDOW_SIZE,
  JOINT_COUNT,
  LANDMARK_COUNT,
  LANDMARK_STRIDE,
  VALUES_PER_FRAME,
  countValidJoints,
  mapLandmarksToJoints,
  type JointSequence,
  type MapLandmarksOptions,
} from "../skeleton";
import { NoPersonFoundError, TooFewPoseFramesError, openVideo, type OpenVideoOptions, type VideoInfo, type VideoInput } from "../video";

/**
 * Fewest frames with a valid pose an analysis can use: one analysis window is
 * {@link DEFAULT_WINDOW_SIZE} (30) consecutive frames. {@link videoToJoints} refuses fewer by
 * default; `gma pose` asks for 1 and only warns.
 */
export const DEFAULT_MIN_POSE_FRAMES = DEFAULT_WINDOW_SIZE;

/** Stages of {@link videoToJoints}, as progress reports name them. */
export type VideoStage = "decode" | "pose" | "skeleton";

/** Per-frame pose statistics of a recording, what the quality gate needs. */
export interface PoseFrameStats {
  /** Frames decoded at the analysis rate. */
  frameCount: number;
  /** Frames in which the pose model found a person at all. */
  detectedFrames: number;
  /** Frames with a valid pose: at least `minValidJoints` joints visible (not a gap). */
  validPoseFrames: number;
  /** Valid-pose frames whose visible joints all lie inside the image. */
  inFrameFrames: number;
  /** Length of the decoded stream in seconds (frames / fps). */
  durationS: number;
  /** Analysis frame rate. */
  fps: number;
}

/** Options of {@link videoToJoints}. */
export interface VideoToJointsOptions {
  /**
   * Models directory prepared by set-up; required unless `estimator` is given.
   */
  modelsDir?: string;
  /**
   * A ready pose estimator (shared between videos, or a fake in tests). It is reset before and
   * after the video, and not released.
   * @defaultValue one created from `modelsDir` and `pose`, released at the end
   */
  estimator?: Pick<PoseEstimator, "estimate" | "reset">;
  /** Options for the estimator created from `modelsDir` (variant, precision, thresholds, loader). */
  pose?: Omit<PoseEstimatorOptions, "modelsDir">;
  /**
   * Analysis frame rate; frames are resampled to it on the video's real timeline.
   * @defaultValue 25
   */
  fps?: number;
  /**
   * Frames wider than this are scaled down before pose estimation (the models see 224 and 256
   * pixel crops, so large frames only cost decoding time).
   * @defaultValue 640
   */
  maxWidth?: number;
  /** Size and duration limits, temp directory and ffmpeg binaries, as {@link openVideo} takes them. */
  video?: Pick<OpenVideoOptions, "limits" | "tempDir" | "binaries">;
  /** Landmark visibility below which a joint is missing. @defaultValue 0.3 */
  visibilityThreshold?: MapLandmarksOptions["visibilityThreshold"];
  /**
   * A frame with fewer visible joints than this has no valid pose (a gap).
   * @defaultValue 15
   */
  minValidJoints?: number;
  /**
   * Fewest frames with a valid pose; fewer throws TOO_FEW_POSE_FRAMES. One analysis window
   * needs 30 consecutive frames, so fewer can never be analysed; keypoints only (`gma pose`)
   * can ask for 1.
   * @defaultValue {@link DEFAULT_MIN_POSE_FRAMES} (30)
   */
  minPoseFrames?: number;
  /**
   * Keep the 33 landmarks of every frame (frames x 33 x 5 floats, 660 bytes a frame) in the
   * result, e.g. to write them out; frames without a pose hold visibility 0.
   * @defaultValue false
   */
  keepLandmarks?: boolean;
  /**
   * Called with the probed metadata once the video is open, before the pose models load and
   * before any frame is decoded; what it throws refuses the video there (the analysis refuses a
   * recording too short or too slow for its quality gate this way).
   */
  beforeDecode?: (info: VideoInfo) => void;
  /** Cancels decoding and pose estimation; the ffmpeg child is killed and temp files removed. */
  signal?: AbortSignal;
  /** Called as each stage advances, with a percentage 0-100. */
  onProgress?: (stage: VideoStage, percent: number) => void;
}

/** What {@link videoToJoints} returns. */
export interface VideoToJointsResult {
  /** 25-joint sequence at the analysis rate, with the true timestamp of every frame. */
  joints: JointSequence;
  /** Frames x 33 x [x, y, z, visibility, presence], only with `keepLandmarks`. */
  landmarks?: Float32Array;
  /** Probed metadata of the video. */
  info: VideoInfo;
  stats: PoseFrameStats;
  /**
   * Milliseconds spent per stage: `decode` (waiting for ffmpeg's next frame), `pose` (the
   * models), `skeleton` (33 -> 25 mapping and frame statistics), `total` (wall clock).
   */
  timings: { decode: number; pose: number; skeleton: number; total: number };
}

/**
 * Grows a float32 buffer by doubling, so that a sequence of unknown length costs amortised
 * O(1) per frame and at most twice its final size.
 */
class GrowableFloats {
  private buffer: Float32Array;
  length = 0;
  constructor(initial: number) {
    this.buffer = new Float32Array(Math.max(16, initial));
  }
  /** A view of `n` more values at the end, to be filled in place. */
  append(n: number): Float32Array {
    if (this.length + n > this.buffer.length) {
      const next = new Float32Array(Math.max(this.length + n, this.buffer.length * 2));
      next.set(this.buffer.subarray(0, this.length));
      this.buffer = next;
    }
    const view = this.buffer.subarray(this.length, this.length + n);
    this.length += n;
    return view;
  }
  /** The filled part, copied to an exactly sized array. */
  toArray(): Float32Array {
    return this.buffer.slice(0, this.length);
  }
}

const LANDMARK_VALUES_PER_FRAME = LANDMARK_COUNT * LANDMARK_STRIDE;

/** True when every visible joint of the frame lies inside the image (normalised [0, 1]). */
function jointsInImage(joints: Float32Array): boolean {
  for (let j = 0; j < JOINT_COUNT; j++) {
    const x = joints[j * 3]!;
    const y = joints[j * 3 + 1]!;
    if (Number.isNaN(x)) continue;
    if (x < 0 || x > 1 || y < 0 || y > 1) return false;
  }
  return true;
}

// Instrumented once at module load: every call lands in the process-wide perf monitor.
const estimateFrame = timed("pipeline.pose.frame")((estimator: Pick<PoseEstimator, "estimate">, frame: RgbFrame): Promise<PoseResult | null> => estimator.estimate(frame));

function validateOptions(options: VideoToJointsOptions): { fps: number; maxWidth: number; minValidJoints: number; minPoseFrames: number } {
  const fps = options.fps ?? 25;
  const maxWidth = options.maxWidth ?? 640;
  const minValidJoints = options.minValidJoints ?? DEFAULT_MIN_VALID_JOINTS;
  const minPoseFrames = options.minPoseFrames ?? DEFAULT_MIN_POSE_FRAMES;
  if (!options.estimator && !options.modelsDir) throw new TypeError("videoToJoints needs modelsDir (the directory set-up prepared) or a ready estimator");
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 240)) throw new RangeError(`fps must be in (0, 240], got ${fps}`);
  if (!(Number.isInteger(maxWidth) && maxWidth >= 64)) throw new RangeError(`maxWidth must be an integer of at least 64, got ${maxWidth}`);
  if (!(Number.isInteger(minValidJoints) && minValidJoints >= 1 && minValidJoints <= JOINT_COUNT)) {
    throw new RangeError(`minValidJoints must be an integer in 1..${JOINT_COUNT}, got ${minValidJoints}`);
  }
  if (!(Number.isInteger(minPoseFrames) && minPoseFrames >= 1)) throw new RangeError(`minPoseFrames must be a positive integer, got ${minPoseFrames}`);
  return { fps, maxWidth, minValidJoints, minPoseFrames };
}

async function videoToJointsImpl(input: VideoInput, options: VideoToJointsOptions = {}): Promise<VideoToJointsResult> {
  const { fps, maxWidth, minValidJoints, minPoseFrames } = validateOptions(options);
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  const timings = { decode: 0, pose: 0, skeleton: 0, total: 0 };

  options.signal?.throwIfAborted();
  const video = await openVideo(input, {
    ...options.video,
    frames: { fps, maxWidth, reuseBuffer: true },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    options.beforeDecode?.(video.info);
    // Loaded only for a video that will be decoded: a refused one costs no model load.
    const ownEstimator = options.estimator ? undefined : await PoseEstimator.create({ ...options.pose, modelsDir: options.modelsDir! });
    const estimator = options.estimator ?? ownEstimator!;
    try {
      const expected = video.frames.expectedFrames;
      const joints = new GrowableFloats(Number.isFinite(expected) ? (expected + 2) * VALUES_PER_FRAME : 1024 * VALUES_PER_FRAME);
      const landmarks = options.keepLandmarks ? new GrowableFloats(Number.isFinite(expected) ? (expected + 2) * LANDMARK_VALUES_PER_FRAME : 1024 * LANDMARK_VALUES_PER_FRAME) : undefined;
      const timestamps: number[] = [];
      const stats: PoseFrameStats = { frameCount: 0, detectedFrames: 0, validPoseFrames: 0, inFrameFrames: 0, durationS: 0, fps };
      const mapOptions: MapLandmarksOptions = options.visibilityThreshold === undefined ? {} : { visibilityThreshold: options.visibilityThreshold };
      estimator.reset();
      progress("decode", 0);
      progress("pose", 0);
      let lastPercent = -1;
      const iterator = video.frames[Symbol.asyncIterator]();
      try {
        for (;;) {
          let t = performance.now();
          const next = await iterator.next();
          timings.decode += performance.now() - t;
          if (next.done) break;
          const frame = next.value;
          t = performance.now();
          const pose = await estimateFrame(estimator, frame);
          timings.pose += performance.now() - t;
          options.signal?.throwIfAborted();

          t = performance.now();
          const out = joints.append(VALUES_PER_FRAME);
          const lms = landmarks?.append(LANDMARK_VALUES_PER_FRAME);
          if (pose) {
            stats.detectedFrames++;
            mapLandmarksToJoints(pose.landmarks, out, mapOptions);
            lms?.set(pose.landmarks);
            if (countValidJoints(out, 0) >= minValidJoints) {
              stats.validPoseFrames++;
              if (jointsInImage(out)) stats.inFrameFrames++;
            }
          } else {
            out.fill(Number.NaN);
            // Zeros with visibility 0: a valid landmark file in which every landmark is missing.
            lms?.fill(0);
          }
          timestamps.push(frame.timestampMs);
          stats.frameCount++;
          timings.skeleton += performance.now() - t;

          if (Number.isFinite(expected) && expected > 0) {
            const percent = Math.min(99, Math.floor((100 * stats.frameCount) / expected));
            if (percent !== lastPercent) {
              lastPercent = percent;
              progress("decode", percent);
              progress("pose", percent);
            }
          }
        }
      } finally {
        // Ends the child at once when the loop is left early (a throw or an abort).
        await iterator.return?.(undefined);
      }
      progress("decode", 100);
      progress("pose", 100);
      progress("skeleton", 0);
      stats.durationS = stats.frameCount / fps;
      if (stats.detectedFrames === 0) {
        throw new NoPersonFoundError(`No person was found in any of the ${stats.frameCount} frames (${stats.durationS.toFixed(1)} s at ${fps} fps) of the video`);
      }
      if (stats.frameCount < minPoseFrames) {
        // Too short to ever hold enough pose frames: say so, not that the pose was missed.
        throw new TooFewPoseFramesError(
          `The video holds only ${stats.frameCount} frames (${stats.durationS.toFixed(1)} s at ${fps} fps); an analysis needs at least ${minPoseFrames} frames with a clear pose`,
          { hint: "Record for longer (GMA recordings usually last 3-5 minutes of active wakefulness), then analyse the new recording." },
        );
      }
      if (stats.validPoseFrames < minPoseFrames) {
        throw new TooFewPoseFramesError(
          `A clear pose (at least ${minValidJoints} of 25 joints visible) was found in ${stats.validPoseFrames === 0 ? "none" : `only ${stats.validPoseFrames}`} of ${stats.frameCount} frames; at least ${minPoseFrames} ${minPoseFrames === 1 ? "is" : "are"} needed`,
        );
      }
      const sequence: JointSequence = { fps, frameCount: stats.frameCount, data: joints.toArray(), timestampsMs: Float64Array.from(timestamps) };
      progress("skeleton", 100);
      timings.total = performance.now() - started;
      return { joints: sequence, ...(landmarks ? { landmarks: landmarks.toArray() } : {}), info: video.info, stats, timings };
    } finally {
      estimator.reset();
      await ownEstimator?.release();
    }
  } finally {
    await video.close();
  }
}

/**
 * The first half of the pipeline on a video: decode (ffmpeg, streamed, resampled to the
 * analysis rate) -> BlazePose per frame (tracked) -> 33 landmarks -> 25 joints, with the
 * per-frame pose statistics the quality gate needs. One frame is in memory at a time (the
 * decoder's buffer is reused), so memory grows only by the joints themselves, 300 bytes a frame.
 *
 * The video is opened and probed before the pose models load, so a video that cannot be
 * analysed, or that `beforeDecode` refuses, costs no model load. Temporary files (a spooled
 * upload) are removed and the ffmpeg child is gone however this ends: success, a thrown error
 * or an abort.
 *
 * @throws NoPersonFoundError when no frame shows a person, TooFewPoseFramesError when fewer
 * than `minPoseFrames` frames have a valid pose, the video errors of {@link openVideo} for bad
 * input, what `beforeDecode` throws, ModelsMissingError / ModelsCorruptError when set-up has
 * not run.
 *
 * Timed as `pipeline.videoToJoints` (and each frame as `pipeline.pose.frame`) in the
 * process-wide perf monitor.
 */
export const videoToJoints: (input: VideoInput, options?: VideoToJointsOptions) => Promise<VideoToJointsResult> = timed("pipeline.videoToJoints")(videoToJointsImpl);
