import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { WindowAnomalyScorer, loadModelCard, type AutoencoderOptions, type WindowScorer } from "../anomaly";
import { timed } from "../perf";
import { NotAVideoError } from "../video";
import type { Report } from "../report";
import { buildWindows, cleanSequence, normalizeSequence, type JointSequence } from "../skeleton";
import { enforceProbedMinimums, statedFrameRate } from "./enforce-probed-minimums";
import { analyzeWindows, reportNamedAs, type AnalysisCache, type AnalyzeStage, type AnalyzeWindowsOptions, type RecordingDescription } from "./analyze";
import { keypointsToJoints, readKeypointBytes, type KeypointsToJointsOptions } from "./keypoints-to-joints";
import { videoToJoints, type PoseFrameStats, type VideoStage, type VideoToJointsOptions } from "./video-to-joints";

/** Every stage of the whole pipeline, in order, as progress reports name them. */
export type PipelineStage = VideoStage | "windows" | AnalyzeStage;

/** Stages of {@link analyzeVideoFile}, in order. */
export const VIDEO_PIPELINE_STAGES: readonly PipelineStage[] = ["decode", "pose", "skeleton", "windows", "quality", "reconstruct", "analyse", "report"];

/** Stages of {@link analyzeKeypointsFile}, in order. */
export const KEYPOINTS_PIPELINE_STAGES: readonly PipelineStage[] = ["skeleton", "windows", "quality", "reconstruct", "analyse", "report"];

/** The anomaly model shipped with @gma/core (`npm run train` reproduces it). */
export const DEFAULT_ANOMALY_MODEL_DIR = fileURLToPath(new URL("../../models/anomaly/", import.meta.url));

/** Analysis parameters passed through to {@link analyzeWindows}. */
export type AnalysisParameters = Pick<AnalyzeWindowsOptions, "riskPolicy" | "asymmetry" | "quality" | "findings" | "age" | "normalStatistics" | "now">;

/** Options shared by {@link analyzeVideoFile} and {@link analyzeKeypointsFile}. */
export interface AnalyzeRecordingOptions {
  /** Age at recording, weeks after birth. */
  ageWeeks: number;
  /** Gestational age at birth in weeks; under 37 gives a corrected age. */
  gestationalAgeWeeks?: number | null | undefined;
  /**
   * The recording's file name as its user knows it, shown in the report (`input.fileName`, the
   * base name only). Not taken from the path analysed, which may be a stored copy's.
   */
  fileName?: string | undefined;
  /**
   * The anomaly model. When given it is not released.
   * @defaultValue the model in `modelDir`, loaded for this call and released after it
   */
  model?: WindowScorer;
  /**
   * Folder (or file) of the anomaly model card, used when `model` is not given.
   * @defaultValue {@link DEFAULT_ANOMALY_MODEL_DIR}
   */
  modelDir?: string;
  /** Session options of a model loaded from `modelDir` (batch size, threads, denormals). */
  modelOptions?: AutoencoderOptions;
  /**
   * Frames between window starts.
   * @defaultValue 1 (the reference), or the model card's `windowStride` when the model is loaded from `modelDir`
   */
  windowStride?: number;
  /**
   * A frame with fewer visible joints than this is a gap.
   * @defaultValue 15
   */
  minValidJoints?: number;
  /** Risk policy, asymmetry, quality gate, findings and age settings. */
  analysis?: AnalysisParameters;
  /**
   * Memoises whole analyses by content fingerprint (SHA-256 of the file), parameters and model
   * version: a repeated call returns the stored report without decoding or pose estimation.
   */
  resultCache?: AnalysisCache;
  /** Called as each stage advances, with a percentage 0-100. */
  onProgress?: (stage: PipelineStage, percent: number) => void;
  /**
   * Receives the cleaned and normalised 25-joint sequence the windows are cut from (at the
   * analysis rate, gaps as NaN), e.g. to store it for replay. Not called when the report comes
   * from `resultCache`.
   */
  onJoints?: (joints: JointSequence) => void;
  /** Cancels the analysis; children are killed and temp files removed. */
  signal?: AbortSignal;
}

/** Options of {@link analyzeVideoFile}: the shared ones plus how the video becomes joints. */
export interface AnalyzeVideoFileOptions extends AnalyzeRecordingOptions, Omit<VideoToJointsOptions, "onProgress" | "signal" | "keepLandmarks" | "minValidJoints" | "beforeDecode"> {}

/** Options of {@link analyzeKeypointsFile}: the shared ones plus how the file is read. */
export interface AnalyzeKeypointsFileOptions extends AnalyzeRecordingOptions, Omit<KeypointsToJointsOptions, "minValidJoints"> {}

/** SHA-256 of a file's content, streamed. */
export async function fingerprintFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

interface LoadedModel {
  model: WindowScorer;
  stride: number;
  release(): Promise<void>;
}

async function resolveModel(options: AnalyzeRecordingOptions): Promise<LoadedModel> {
  if (options.model) return { model: options.model, stride: options.windowStride ?? 1, release: async () => {} };
  const card = loadModelCard(options.modelDir ?? DEFAULT_ANOMALY_MODEL_DIR);
  const scorer = await WindowAnomalyScorer.fromModelCard(card, options.modelOptions ?? {});
  return { model: scorer, stride: options.windowStride ?? card.windowStride ?? 1, release: () => scorer.release() };
}

function cacheKey(kind: string, fingerprint: string, model: WindowScorer, stride: number, params: Record<string, unknown>): string {
  const text = JSON.stringify({ kind, fingerprint, model: { version: model.modelVersion, weights: model.weightsFile, threshold: model.threshold, scoreKind: model.scoreKind ?? "reconstruction-error", windowSize: model.windowSize }, stride, params });
  return `recording:${createHash("sha256").update(text).digest("hex")}`;
}

/** Windows the joints and hands them to {@link analyzeWindows}; shared by both entry points. */
async function analyzeJoints(
  joints: JointSequence,
  stats: PoseFrameStats,
  recordingFps: number,
  model: WindowScorer,
  stride: number,
  options: AnalyzeRecordingOptions,
  fingerprint: string,
  recording: RecordingDescription,
  upstreamTimings: Record<string, number>,
): Promise<Report> {
  const progress = options.onProgress ?? (() => {});
  progress("windows", 0);
  const t = performance.now();
  // prepareWindows' three steps, apart so that the normalised sequence can be handed out.
  const prepare = { windowSize: model.windowSize, stride, ...(options.minValidJoints === undefined ? {} : { minValidJoints: options.minValidJoints }) };
  const normalized = normalizeSequence(cleanSequence(joints, prepare));
  const set = buildWindows(normalized, prepare);
  const windowsMs = performance.now() - t;
  options.onJoints?.(normalized);
  progress("windows", 100);
  options.signal?.throwIfAborted();
  return analyzeWindows({
    ...options.analysis,
    windows: set.windows,
    count: set.count,
    startFrames: set.startFrames,
    startTimesMs: set.startTimesMs,
    fps: joints.fps,
    windowSize: set.windowSize,
    // The gate's frame rate is the recording's own: `stats.fps` is the analysis rate the frames
    // were resampled to, so a 5 fps recording would pass a minimum of 10 fps as 25.
    frameStats: { frameCount: stats.frameCount, validPoseFrames: stats.validPoseFrames, inFrameFrames: stats.inFrameFrames, durationS: stats.durationS, fps: recordingFps },
    ageWeeks: options.ageWeeks,
    gestationalAgeWeeks: options.gestationalAgeWeeks,
    model,
    fingerprint,
    recording,
    upstreamTimings: { ...upstreamTimings, windows: windowsMs },
    onProgress: progress,
  });
}

/**
 * Runs `run` through the result cache when one is given. The key is the content's and the
 * parameters', not the file name's: a hit made under another name is renamed as `options` names it.
 */
async function memoised(cache: AnalysisCache | undefined, key: string, run: () => Promise<Report>, stages: readonly PipelineStage[], options: Pick<AnalyzeRecordingOptions, "onProgress" | "fileName">): Promise<Report> {
  if (!cache) return run();
  let ran = false;
  const report = await cache.call(
    (_key: string) => {
      ran = true;
      return run();
    },
    undefined,
    [key],
  );
  // A hit skips every stage; finish the progress bars all the same.
  if (!ran) for (const s of stages) options.onProgress?.(s, 100);
  return reportNamedAs(report, options.fileName);
}

async function analyzeVideoFileImpl(file: string, options: AnalyzeVideoFileOptions): Promise<Report> {
  const { model, stride, release } = await resolveModel(options);
  try {
    const fingerprint = await fingerprintFile(file).catch((cause: unknown) => {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
        throw new NotAVideoError(`Cannot read a video at ${file} (${code})`, { hint: "Check the path: it must name a readable video file.", cause });
      }
      throw cause;
    });
    const fps = options.fps ?? 25;
    const key = cacheKey("video", fingerprint, model, stride, {
      ageWeeks: options.ageWeeks,
      gestationalAgeWeeks: options.gestationalAgeWeeks ?? null,
      fps,
      maxWidth: options.maxWidth ?? null,
      pose: { variant: options.pose?.variant ?? "full", precision: options.pose?.precision ?? null, det: options.pose?.detectionThreshold ?? null, flag: options.pose?.poseFlagThreshold ?? null },
      visibilityThreshold: options.visibilityThreshold ?? null,
      minValidJoints: options.minValidJoints ?? null,
      minPoseFrames: options.minPoseFrames ?? null,
      analysis: { ...options.analysis, now: undefined },
    });
    return await memoised(
      options.resultCache,
      key,
      async () => {
        const { joints, stats, timings, info } = await videoToJoints(file, {
          ...options,
          fps,
          ...(options.minValidJoints === undefined ? {} : { minValidJoints: options.minValidJoints }),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          // A recording the gate refuses for its stated length or frame rate is refused here,
          // before decoding and pose; the gate after pose checks what only pose can tell.
          beforeDecode: (probed) => enforceProbedMinimums(probed, options.analysis?.quality),
        });
        // A container that states no frame rate leaves the analysis rate as the best estimate.
        const statedFps = statedFrameRate(info);
        const recordingFps = Number.isNaN(statedFps) ? stats.fps : statedFps;
        return analyzeJoints(joints, stats, recordingFps, model, stride, options, fingerprint, { fileName: options.fileName }, { decode: timings.decode, pose: timings.pose, skeleton: timings.skeleton });
      },
      VIDEO_PIPELINE_STAGES,
      options,
    );
  } finally {
    await release();
  }
}

async function analyzeKeypointsFileImpl(file: string, options: AnalyzeKeypointsFileOptions): Promise<Report> {
  const { model, stride, release } = await resolveModel(options);
  try {
    const bytes = await readKeypointBytes(file);
    const fingerprint = createHash("sha256").update(bytes).digest("hex");
    const key = cacheKey("keypoints", fingerprint, model, stride, {
      ageWeeks: options.ageWeeks,
      gestationalAgeWeeks: options.gestationalAgeWeeks ?? null,
      fps: options.fps ?? null,
      analysisFps: options.analysisFps ?? 25,
      visibilityThreshold: options.visibilityThreshold ?? null,
      minValidJoints: options.minValidJoints ?? null,
      analysis: { ...options.analysis, now: undefined },
    });
    return await memoised(
      options.resultCache,
      key,
      async () => {
        options.onProgress?.("skeleton", 0);
        const t = performance.now();
        const { joints, stats, sourceFps, provenance } = keypointsToJoints(bytes, options);
        const skeletonMs = performance.now() - t;
        options.onProgress?.("skeleton", 100);
        options.signal?.throwIfAborted();
        return analyzeJoints(joints, stats, sourceFps, model, stride, options, fingerprint, { fileName: options.fileName, provenance }, { skeleton: skeletonMs });
      },
      KEYPOINTS_PIPELINE_STAGES,
      options,
    );
  } finally {
    await release();
  }
}

/**
 * The whole pipeline on a video file: decode, pose, skeleton, windows, then the anomaly model,
 * findings, risk and the report (see {@link videoToJoints} and {@link analyzeWindows}). Runs fully
 * embedded: no Redis, no server. Timed as `pipeline.analyzeVideoFile`.
 *
 * A recording shorter or of a lower frame rate than the quality gate's minimums, as its
 * metadata states them, is refused right after the probe, before the pose models load
 * ({@link enforceProbedMinimums}); the full gate runs after pose.
 *
 * @throws the video errors (NOT_A_VIDEO, VIDEO_CORRUPT, ...), NO_PERSON_FOUND,
 * TOO_FEW_POSE_FRAMES, QUALITY_TOO_LOW, INVALID_AGE for bad input; MODELS_MISSING /
 * MODELS_CORRUPT / MODEL_CARD_INVALID when set-up is incomplete; INFERENCE_FAILED.
 */
export const analyzeVideoFile: (file: string, options: AnalyzeVideoFileOptions) => Promise<Report> = timed("pipeline.analyzeVideoFile")(analyzeVideoFileImpl);

/**
 * The pipeline from keypoints instead of video: a `.gmak` file (as `gma pose` writes) or JSON /
 * CSV with 33 landmarks or 25 joints per frame, resampled to the analysis rate, then windows,
 * model, findings and report as for video. Timed as `pipeline.analyzeKeypointsFile`.
 *
 * @throws KEYPOINTS_INVALID for a malformed file, QUALITY_TOO_LOW, INVALID_AGE, and the model errors.
 */
export const analyzeKeypointsFile: (file: string, options: AnalyzeKeypointsFileOptions) => Promise<Report> = timed("pipeline.analyzeKeypointsFile")(analyzeKeypointsFileImpl);
