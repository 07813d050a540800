import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  assessAsymmetry,
  bundledNormalStatistics,
  computeFindings,
  computeMovementStats,
  describeAge,
  enforceQualityGate,
  evaluateRisk,
  resolveAsymmetryOptions,
  resolveQualityGate,
  resolveRiskPolicy,
  type AgeOptions,
  type AsymmetryOptions,
  type FindingsOptions,
  type FrameQualityStats,
  type NormalStatistics,
  type QualityGateOptions,
  type RiskPolicyOptions,
} from "../analysis";
import { anomalyFlags, type WindowScorer, type WindowScores } from "../anomaly";
import { REPORT_SCHEMA_VERSION, ReportSchema, SCREENING_DISCLAIMER, describeAssessment, recommendationsFor, type Report } from "../report";
import type { KeypointProvenance } from "../skeleton";

/** Stages of {@link analyzeWindows}, in order, as progress reports name them. */
export type AnalyzeStage = "quality" | "reconstruct" | "analyse" | "report";

/** The stages in order. */
export const ANALYZE_STAGES: readonly AnalyzeStage[] = ["quality", "reconstruct", "analyse", "report"];

/**
 * Memoises analyses by key. `ResultCache` from `src/cache` fits as it is: the analysis is run
 * as `call(fn, undefined, [key])`, so the cache's default key (a hash of the arguments) is a
 * hash of the analysis key.
 */
export interface AnalysisCache {
  call<R>(fn: (...args: never[]) => R, thisArg: unknown, args: unknown[]): R;
}

/** What is known of a recording beside its content, for the report's `input`. */
export interface RecordingDescription {
  /**
   * The recording's file name as its user knows it (`gma analyze` passes the one it was given);
   * only the base name reaches the report, never a folder.
   */
  fileName?: string | undefined;
  /** What a keypoint file says of itself: simulated movement and its class, the infant's age. */
  provenance?: KeypointProvenance | undefined;
}

/** The report's `input` fields that describe the recording: its base name, and what its file says of itself. */
function recordingInput(recording: RecordingDescription | undefined): Pick<Report["input"], "fileName" | "synthetic" | "statedAgeWeeks"> {
  // Both separators: a name from another system's path must not carry its folders either.
  const fileName = recording?.fileName?.split(/[\\/]/).pop()?.trim().slice(0, 255);
  const provenance = recording?.provenance;
  return {
    ...(fileName ? { fileName } : {}),
    ...(provenance?.synthetic ? { synthetic: { movementClass: provenance.movementClass } } : {}),
    ...(provenance?.ageWeeks !== null && provenance?.ageWeeks !== undefined ? { statedAgeWeeks: provenance.ageWeeks } : {}),
  };
}

/**
 * The report as its caller names the recording (its base name, as the report keeps it): the
 * result cache keys a report by content, not name, so a stored one may carry another name.
 */
export function reportNamedAs(report: Report, recordingFileName: string | undefined): Report {
  const fileName = recordingInput({ fileName: recordingFileName }).fileName;
  if (report.input.fileName === fileName) return report;
  const { fileName: _stored, ...input } = report.input;
  return { ...report, input: fileName === undefined ? input : { ...input, fileName } };
}

/** Input and parameters of {@link analyzeWindows}. */
export interface AnalyzeWindowsOptions {
  /** count x windowSize x 75 float32 windows from the skeleton stage. */
  windows: Float32Array;
  count: number;
  /** Frame index of each window's first frame. */
  startFrames: Int32Array;
  /** True time of each window's first frame in ms; else derived from `startFrames` and `fps`. */
  startTimesMs?: Float64Array | undefined;
  /** Frame rate of the windows (the analysis rate). */
  fps: number;
  /**
   * Frames per window.
   * @defaultValue the model's window size
   */
  windowSize?: number;
  /** Pose coverage, duration and frame rate of the recording, for the quality gate. */
  frameStats: FrameQualityStats;
  /** Age at recording, weeks after birth. */
  ageWeeks: number;
  /** Gestational age at birth in weeks; under 37 gives a corrected age. */
  gestationalAgeWeeks?: number | null | undefined;
  /** The anomaly model (a WindowAnomalyScorer, or a fake in tests). */
  model: WindowScorer;
  /**
   * Reference for findings and asymmetry.
   * @defaultValue the model's own statistics, else the bundled MINI-RGBD statistics
   */
  normalStatistics?: NormalStatistics | undefined;
  riskPolicy?: RiskPolicyOptions | undefined;
  asymmetry?: AsymmetryOptions | undefined;
  quality?: QualityGateOptions | undefined;
  findings?: FindingsOptions | undefined;
  age?: AgeOptions | undefined;
  /**
   * Content fingerprint of the video or keypoint file. With `resultCache`, the same
   * fingerprint, parameters and model version return the stored report. The windows are taken
   * to follow from the content and the upstream parameters; fold those parameters into the
   * fingerprint when they vary.
   */
  fingerprint?: string | undefined;
  /** The recording's file name and what its file says of itself, for the report's `input`. */
  recording?: RecordingDescription | undefined;
  /** Where reports are memoised; no caching without it or without a fingerprint. */
  resultCache?: AnalysisCache | undefined;
  /** Milliseconds of earlier stages (decode, pose, ...) to carry into the report's timings. */
  upstreamTimings?: Record<string, number> | undefined;
  /** Called as each stage advances, with a percentage 0-100. */
  onProgress?: ((stage: AnalyzeStage, percent: number) => void) | undefined;
  /**
   * Clock for `generatedAt`.
   * @defaultValue () => new Date()
   */
  now?: (() => Date) | undefined;
}

/**
 * The key under which a report is cached: the fingerprint, every parameter that changes the
 * result (with defaults filled in, so that spelling a default out does not miss the cache) and
 * the model's version, weights file and threshold.
 */
export function analysisCacheKey(options: AnalyzeWindowsOptions): string {
  const params = {
    fingerprint: options.fingerprint ?? null,
    // What the file says of itself follows from its bytes; its name does not, and the same bytes
    // under another name are the same analysis (a hit is renamed in analyzeWindows).
    recording: { ...recordingInput(options.recording), fileName: undefined },
    model: { version: options.model.modelVersion, weights: options.model.weightsFile, threshold: options.model.threshold, scoreKind: options.model.scoreKind ?? "reconstruction-error", windowSize: options.windowSize ?? options.model.windowSize },
    count: options.count,
    fps: options.fps,
    ageWeeks: options.ageWeeks,
    gestationalAgeWeeks: options.gestationalAgeWeeks ?? null,
    riskPolicy: resolveRiskPolicy(options.riskPolicy),
    asymmetry: resolveAsymmetryOptions(options.asymmetry),
    quality: resolveQualityGate(options.quality),
    findings: options.findings ?? {},
    age: options.age ?? {},
    normalStatistics: options.normalStatistics ? createHash("sha256").update(JSON.stringify(options.normalStatistics)).digest("hex") : "model-or-bundled",
  };
  return `analysis:${createHash("sha256").update(JSON.stringify(params)).digest("hex")}`;
}

/**
 * The second half of the pipeline on windows: quality gate, window anomaly scores (the model's
 * hybrid of reconstruction error and movement features, against its threshold), movement
 * statistics, findings, asymmetry, risk and the report.
 *
 * @throws InvalidAgeError for an unusable age, QualityTooLowError when the recording is below the minimums, InferenceFailedError when the model fails.
 */
export async function analyzeWindows(options: AnalyzeWindowsOptions): Promise<Report> {
  if (options.resultCache && options.fingerprint) {
    const key = analysisCacheKey(options);
    const report = await options.resultCache.call((_key: string) => runAnalysis(options), undefined, [key]);
    // A hit skips the stages; finish every progress bar all the same.
    for (const stage of ANALYZE_STAGES) options.onProgress?.(stage, 100);
    return reportNamedAs(report, options.recording?.fileName);
  }
  return runAnalysis(options);
}

async function runAnalysis(options: AnalyzeWindowsOptions): Promise<Report> {
  const { windows, count, startFrames, fps, model } = options;
  const progress = options.onProgress ?? (() => {});
  const windowSize = options.windowSize ?? model.windowSize;
  if (windowSize !== model.windowSize) throw new RangeError(`windows of ${windowSize} frames do not fit the model, which takes ${model.windowSize}`);
  if (!(Number.isFinite(fps) && fps > 0)) throw new RangeError(`fps must be a positive number, got ${fps}`);
  if (startFrames.length < count) throw new RangeError(`startFrames must hold one entry per window (${count}), got ${startFrames.length}`);
  if (options.startTimesMs && options.startTimesMs.length < count) throw new RangeError(`startTimesMs must hold one entry per window (${count}), got ${options.startTimesMs.length}`);

  const timings: Record<string, number> = { ...(options.upstreamTimings ?? {}) };
  const started = performance.now();
  let mark = started;
  const lap = (name: string): void => {
    const t = performance.now();
    timings[name] = t - mark;
    mark = t;
  };

  progress("quality", 0);
  const age = describeAge(options.ageWeeks, options.gestationalAgeWeeks, options.age);
  const quality = enforceQualityGate(options.frameStats, count, options.quality);
  progress("quality", 100);
  lap("quality");

  progress("reconstruct", 0);
  const onScore = (done: number, total: number): void => progress("reconstruct", total ? (100 * done) / total : 100);
  const context = { correctedAgeWeeks: age.correctedAgeWeeks };
  const scored: WindowScores = model.scoreWindowsDetailed
    ? await model.scoreWindowsDetailed(windows, count, onScore, context)
    : await model.scoreWindows(windows, count, onScore, context).then((scores) => ({ scores, reconstructionErrors: scores, components: ["reconstruction"], drivers: new Uint8Array(count) }));
  const { scores } = scored;
  progress("reconstruct", 100);
  lap("reconstruct");

  progress("analyse", 0);
  const normal = options.normalStatistics ?? model.normalStatistics ?? bundledNormalStatistics();
  const flags = anomalyFlags(scores, model.threshold);
  let anomalousCount = 0;
  let maxError = 0;
  let sumError = 0;
  const flaggedBy: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    anomalousCount += flags[i]!;
    if (flags[i]) {
      const part = scored.components[scored.drivers[i]!] ?? "reconstruction";
      flaggedBy[part] = (flaggedBy[part] ?? 0) + 1;
    }
    if (scores[i]! > maxError) maxError = scores[i]!;
    sumError += scores[i]!;
  }
  const meanError = count ? sumError / count : 0;
  const stats = computeMovementStats(windows, count, windowSize);
  const findings = computeFindings(stats, normal, options.findings);
  const asymmetry = assessAsymmetry(stats, normal, age.correctedAgeWeeks, options.asymmetry);
  const risk = evaluateRisk(
    {
      threshold: model.threshold,
      maxError,
      meanError,
      windowCount: count,
      anomalousCount,
      overallAmplitude: findings.overallAmplitude,
      asymmetricLimbs: asymmetry.limbs.filter((l) => l.asymmetric).map((l) => l.limb),
    },
    options.riskPolicy,
  );
  progress("analyse", 100);
  lap("analyse");

  const input = recordingInput(options.recording);
  const startTimesS = new Array<number>(count);
  for (let i = 0; i < count; i++) startTimesS[i] = options.startTimesMs ? options.startTimesMs[i]! / 1000 : startFrames[i]! / fps;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    disclaimer: SCREENING_DISCLAIMER,
    input: { fingerprint: options.fingerprint ?? null, ...input, fps, windowSize, windowCount: count },
    age,
    assessment: describeAssessment(risk.level, age, findings, asymmetry, flaggedBy, input),
    risk: { level: risk.level, anomalyRatePercent: risk.anomalyRatePercent, signs: risk.triggered },
    recommendations: recommendationsFor(risk.level, age),
    findings: {
      movementLevel: findings.movementLevel,
      overallAmplitude: findings.overallAmplitude,
      overallVelocity: findings.overallVelocity,
      joints: findings.joints,
      limbs: findings.limbs,
    },
    asymmetry,
    timeline: {
      scoreKind: model.scoreKind ?? "reconstruction-error",
      threshold: model.threshold,
      startTimesS,
      errors: Array.from(scores),
      anomalous: Array.from(flags, (f) => f === 1),
      maxError,
      meanError,
      anomalousCount,
      flaggedBy,
      reconstructionErrors: Array.from(scored.reconstructionErrors.subarray(0, count)),
    },
    quality,
    model: {
      version: model.modelVersion,
      ...(model.weightsFile ? { weights: model.weightsFile } : {}),
      threshold: model.threshold,
      scoreKind: model.scoreKind ?? "reconstruction-error",
      ...(model.trainingData ? { trainingData: model.trainingData } : {}),
    },
    timings,
  };
  lap("report");
  timings.total = performance.now() - started + Object.values(options.upstreamTimings ?? {}).reduce((s, v) => s + v, 0);
  // The schema is the contract with storage and the API: a report that breaks it is a bug here.
  const checked = ReportSchema.parse(report);
  progress("report", 100);
  return checked;
}
