/** What the analysis worker hands the pipeline. */
export interface AnalysisRunInput {
  analysisId: string;
  /** A video file, or a keypoints file (JSON or CSV) when the pose stage is skipped. */
  kind: "video" | "keypoints";
  /** Absolute path of the input file (server-side random name). */
  filePath: string;
  /** Age at recording in weeks. */
  ageWeeks: number;
  /** Gestational age at birth in weeks, when known. */
  gestationalAgeWeeks: number | null;
  /** Aborted when the analysis is cancelled or the worker shuts down. */
  signal: AbortSignal;
}

/** Progress of a running analysis: the stage and 0-100 overall. */
export interface AnalysisProgress {
  stage: string;
  percent: number;
}

/** What the pipeline returns for a finished analysis. */
export interface AnalysisRunResult {
  /** The clinician-facing report (JSON-serialisable). */
  report: unknown;
  /** Structured findings (flagged windows, movement statistics), JSON-serialisable. */
  findings?: unknown;
  /** Reconstruction error per window. */
  windowErrors: Float32Array;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  /** Version of the models that produced the report. */
  modelVersion: string;
  /**
   * The cleaned, normalised 25-joint sequence the windows were cut from, encoded with
   * @gma/core's keypoint codec (.gmak), for replay; absent when the runner has none.
   */
  keypoints?: Uint8Array;
}

/**
 * The pipeline as the worker sees it. The real one (packages/core pipeline) plugs in here;
 * errors it throws should be GmaErrors: `isUserError` ones fail the job at once with their code,
 * others are retried with backoff.
 */
export interface AnalysisRunner {
  run(input: AnalysisRunInput, onProgress: (progress: AnalysisProgress) => Promise<void> | void): Promise<AnalysisRunResult>;
  /** Resolves when the models can be loaded (readiness probe); throws otherwise. */
  checkReady(): Promise<void>;
  /**
   * Version of the models a run would use now (what `AnalysisRunResult.modelVersion` will say),
   * or undefined when the runner cannot tell; a stored result is reused only when it matches.
   */
  currentModelVersion?(): string | undefined;
  /**
   * Loads the models now rather than at the first run (MODEL_WARMUP); a runner without
   * models to keep leaves it out.
   */
  warmUp?(): Promise<void>;
}
