import { access } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_ANOMALY_MODEL_DIR,
  analyzeKeypointsFile,
  analyzeVideoFile,
  encodeKeypoints,
  loadModelCard,
  loadModelCardCached,
  pipelineModelsEntry,
  verifyModels,
  withPipelineModels,
  type AnalysisCache,
  type AutoencoderOptions,
  type ModelCache,
  type PipelineModelSet,
  type PipelineModelsOptions,
  type SessionFactoryOptions,
  type JointSequence,
  type PipelineStage,
  type Report,
} from "@gma/core";
import type { AnalysisProgress, AnalysisRunInput, AnalysisRunner, AnalysisRunResult } from "./analysis-runner";

/** Options of {@link PipelineAnalysisRunner}. */
export interface PipelineAnalysisRunnerOptions {
  /** Pose models prepared by `npm run setup` (GMA_MODELS_DIR). */
  modelsDir: string;
  /**
   * The anomaly model's folder (its model card).
   * @defaultValue the model shipped with @gma/core
   */
  anomalyModelDir?: string;
  /**
   * Memoises whole analyses by content, parameters and model version within this process.
   * @defaultValue none
   */
  resultCache?: AnalysisCache;
  /**
   * How long a successful readiness check is reused, in ms (readiness probes come often).
   * @defaultValue 30_000
   */
  readyCacheMs?: number;
  /**
   * Keeps the pose and anomaly models loaded between analyses, one set per cache entry (see
   * `PipelineModelSet`); evicted sets are released once no analysis uses them.
   * @defaultValue none: every analysis loads and releases its own models
   */
  modelCache?: ModelCache<PipelineModelSet>;
  /**
   * Options of the anomaly scorer loaded into `modelCache` (the worker sets `dynamicBatching`
   * from GMA_OPTIMIZATIONS, so that its concurrent analyses share the cached scorer's batches,
   * and the execution provider, threads and arena from the INFERENCE_* variables).
   * Without a model cache each analysis loads its own scorer with the defaults.
   * @defaultValue the scorer's defaults
   */
  anomalyOptions?: AutoencoderOptions;
  /**
   * Session options of the pose models loaded into `modelCache` (the worker sets them from the
   * INFERENCE_* variables). Without a model cache each analysis loads its own with the defaults.
   * @defaultValue the session factory's defaults
   */
  sessionOptions?: SessionFactoryOptions;
  /**
   * Worker-thread instances of each pose model loaded into `modelCache` (the worker sets
   * INFERENCE_POSE_INSTANCES, by default WORKER_CONCURRENCY when above 1), so that analyses
   * running at once estimate poses in parallel instead of taking turns on one thread.
   * @defaultValue 0: the pose sessions run on the worker's thread
   */
  poseInstances?: number;
}

/** Share of the overall progress each stage takes; pose estimation dominates a video. */
const VIDEO_WEIGHTS: Partial<Record<PipelineStage, number>> = { decode: 0, pose: 80, skeleton: 4, windows: 2, quality: 2, reconstruct: 8, analyse: 2, report: 2 };
const KEYPOINT_WEIGHTS: Partial<Record<PipelineStage, number>> = { skeleton: 20, windows: 10, quality: 5, reconstruct: 50, analyse: 10, report: 5 };

/** Maps (stage, percent of stage) to 0-99 overall; 100 is left for the stored result. */
export function overallProgress(weights: Partial<Record<PipelineStage, number>>, stage: PipelineStage, percent: number): number {
  const stages = Object.keys(weights) as PipelineStage[];
  const total = stages.reduce((n, s) => n + (weights[s] ?? 0), 0);
  let before = 0;
  for (const s of stages) {
    if (s === stage) break;
    before += weights[s] ?? 0;
  }
  const within = ((weights[stage] ?? 0) * Math.max(0, Math.min(100, percent))) / 100;
  return Math.min(99, Math.floor(((before + within) / total) * 100));
}

/**
 * The real pipeline behind the worker: @gma/core's `analyzeVideoFile` / `analyzeKeypointsFile`
 * with the pose models from config and the shipped anomaly model. Progress reports are
 * serialised and only sent when the overall percentage moves.
 */
export class PipelineAnalysisRunner implements AnalysisRunner {
  private readonly anomalyModelDir: string;
  private readonly readyCacheMs: number;
  private readyUntil = 0;
  /**
   * Encoded joint sequences of the reports in the result cache: a cache hit returns the same
   * report object without running the pipeline (so without onJoints), and this finds its sequence.
   */
  private readonly keypointsOf = new WeakMap<Report, Uint8Array>();

  /** @param options - kept as given, read-only (tests reach the model cache through it) */
  constructor(readonly options: Readonly<PipelineAnalysisRunnerOptions>) {
    if (!options.modelsDir) throw new RangeError("PipelineAnalysisRunner: modelsDir is required (the pose models from npm run setup)");
    this.anomalyModelDir = options.anomalyModelDir ?? DEFAULT_ANOMALY_MODEL_DIR;
    this.readyCacheMs = options.readyCacheMs ?? 30_000;
    if (!(this.readyCacheMs >= 0)) throw new RangeError(`PipelineAnalysisRunner: readyCacheMs must be >= 0, got ${this.readyCacheMs}`);
  }

  async run(input: AnalysisRunInput, onProgress: (progress: AnalysisProgress) => Promise<void> | void): Promise<AnalysisRunResult> {
    const weights = input.kind === "video" ? VIDEO_WEIGHTS : KEYPOINT_WEIGHTS;
    let last = -1;
    let chain: Promise<void> = Promise.resolve();
    let progressError: unknown;
    const report = (stage: PipelineStage, percent: number) => {
      const overall = overallProgress(weights, stage, percent);
      if (overall <= last) return;
      last = overall;
      chain = chain.then(() => onProgress({ stage, percent: overall })).catch((error: unknown) => void (progressError ??= error));
    };
    let encoded: Uint8Array | undefined;
    const common = {
      ageWeeks: input.ageWeeks,
      gestationalAgeWeeks: input.gestationalAgeWeeks,
      modelDir: this.anomalyModelDir,
      signal: input.signal,
      onProgress: report,
      onJoints: (joints: JointSequence) => void (encoded = encodeKeypoints(joints)),
      ...(this.options.resultCache ? { resultCache: this.options.resultCache } : {}),
    };
    const analyse = (models?: PipelineModelSet): Promise<Report> => {
      const loaded = models ? { model: models.scorer, windowStride: models.windowStride } : {};
      return input.kind === "video"
        ? analyzeVideoFile(input.filePath, { ...common, ...loaded, modelsDir: this.options.modelsDir, ...(models ? { pose: { loader: models.poseLoader, verify: false } } : {}) })
        : analyzeKeypointsFile(input.filePath, { ...common, ...loaded });
    };
    const { modelCache } = this.options;
    let result: Report;
    try {
      result = modelCache ? await withPipelineModels(modelCache, this.modelSetOptions(), analyse) : await analyse();
    } finally {
      await chain;
    }
    if (progressError) throw progressError;
    if (encoded) this.keypointsOf.set(result, encoded);
    const keypoints = encoded ?? this.keypointsOf.get(result);
    return {
      ...(keypoints ? { keypoints } : {}),
      report: result,
      findings: result.findings,
      windowErrors: Float32Array.from(result.timeline.errors),
      timings: result.timings,
      modelVersion: result.model.version,
    };
  }

  /**
   * Loads the model set of the next analysis into `modelCache` now (`ModelCache.warmUp`), so that
   * the first analysis finds it resident; the same entry `run` uses, so it is loaded once.
   * Refuses without a model cache: the models would be loaded only to be dropped.
   */
  async warmUp(): Promise<void> {
    const { modelCache } = this.options;
    if (!modelCache) throw new RangeError("PipelineAnalysisRunner: warmUp needs a modelCache to keep the models in");
    await modelCache.warmUp([pipelineModelsEntry(this.modelSetOptions())]);
  }

  /** What the model set is made of: `run` and `warmUp` must name the same cache entry. */
  private modelSetOptions(): PipelineModelsOptions {
    const { anomalyOptions, sessionOptions, poseInstances } = this.options;
    return {
      modelsDir: this.options.modelsDir,
      anomalyModelDir: this.anomalyModelDir,
      ...(anomalyOptions ? { anomalyOptions } : {}),
      ...(sessionOptions ? { sessionOptions } : {}),
      ...(poseInstances ? { poseInstances } : {}),
    };
  }

  /**
   * The anomaly model card's version (the file is checked each call, and parsed again only when
   * it changed: a card replaced in place counts at once); undefined when it cannot be read.
   */
  currentModelVersion(): string | undefined {
    try {
      return loadModelCardCached(this.anomalyModelDir).modelVersion;
    } catch {
      return undefined;
    }
  }

  /** The pose models' manifest and files, and the anomaly model card and its file, are there. */
  async checkReady(): Promise<void> {
    if (Date.now() < this.readyUntil) return;
    const manifest = await verifyModels(this.options.modelsDir, { models: [] });
    for (const name of Object.keys(manifest.models).filter((n) => /^blazepose-(detector|full)\./.test(n))) {
      await access(path.join(this.options.modelsDir, name));
    }
    const card = loadModelCard(this.anomalyModelDir);
    await access(path.join(this.anomalyModelDir, card.files.served ?? card.files.onnx));
    this.readyUntil = Date.now() + this.readyCacheMs;
  }
}
