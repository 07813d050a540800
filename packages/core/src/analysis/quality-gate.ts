import { DEFAULT_WINDOW_SIZE } from "../skeleton/default-window-size";
import { QualityTooLowError } from "./errors/quality-too-low-error";

/** What the earlier stages measured about the recording. */
export interface FrameQualityStats {
  /** Frames that went through pose estimation. */
  frameCount: number;
  /** Frames with a valid pose (enough joints seen; not a gap). */
  validPoseFrames: number;
  /** Frames in which the infant lies fully inside the image; defaults to `validPoseFrames`. */
  inFrameFrames?: number;
  /** Length of the recording in seconds. */
  durationS: number;
  /** Frame rate of the recording. */
  fps: number;
}

/** Minimums below which an analysis is refused. */
export interface QualityGateOptions {
  /**
   * Smallest share (0-1) of frames with a valid pose.
   * @defaultValue 0.6
   */
  minValidPoseShare?: number;
  /**
   * Shortest recording, in seconds.
   * @defaultValue 10
   */
  minDurationS?: number;
  /**
   * Lowest frame rate, in frames per second.
   * @defaultValue 10
   */
  minFps?: number;
  /**
   * Smallest share (0-1) of frames with the infant fully in the image.
   * @defaultValue 0.6
   */
  minInFrameShare?: number;
  /**
   * Fewest analysis windows ({@link DEFAULT_WINDOW_SIZE} gap-free frames each); at least 1.
   * @defaultValue 1
   */
  minWindows?: number;
}

/** Criteria the gate checks. */
export type QualityCriterion = "validPoseShare" | "durationS" | "fps" | "inFrameShare" | "windows";

/** One criterion with its measured value and minimum. */
export interface QualityCheck {
  criterion: QualityCriterion;
  value: number;
  minimum: number;
  passed: boolean;
}

/** Quality of a recording as the report states it. */
export interface QualityReport {
  passed: boolean;
  validPoseShare: number;
  inFrameShare: number;
  durationS: number;
  fps: number;
  windows: number;
  checks: QualityCheck[];
}

/** Defaults of {@link QualityGateOptions}. */
export const DEFAULT_QUALITY_GATE: Readonly<Required<QualityGateOptions>> = Object.freeze({
  minValidPoseShare: 0.6,
  minDurationS: 10,
  minFps: 10,
  minInFrameShare: 0.6,
  minWindows: 1,
});

/** Validated minimums with defaults filled in. */
export function resolveQualityGate(options: QualityGateOptions = {}): Required<QualityGateOptions> {
  const o = { ...DEFAULT_QUALITY_GATE, ...options };
  for (const key of ["minValidPoseShare", "minInFrameShare"] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw new RangeError(`${key} must be a share between 0 and 1, got ${o[key]}`);
  }
  for (const key of ["minDurationS", "minFps"] as const) {
    if (!(Number.isFinite(o[key]) && o[key] >= 0)) throw new RangeError(`${key} must be a non-negative number, got ${o[key]}`);
  }
  // Nothing can be said about a recording without a single window.
  if (!(Number.isInteger(o.minWindows) && o.minWindows >= 1)) throw new RangeError(`minWindows must be an integer >= 1, got ${o.minWindows}`);
  return o;
}

function check(criterion: QualityCriterion, value: number, minimum: number): QualityCheck {
  return { criterion, value, minimum, passed: value >= minimum };
}

/** Measures the recording against the minimums without throwing. */
export function assessQuality(stats: FrameQualityStats, windows: number, options: QualityGateOptions = {}): QualityReport {
  const o = resolveQualityGate(options);
  const frames = stats.frameCount;
  const validPoseShare = frames > 0 ? stats.validPoseFrames / frames : 0;
  const inFrameShare = frames > 0 ? (stats.inFrameFrames ?? stats.validPoseFrames) / frames : 0;
  const checks = [
    check("validPoseShare", validPoseShare, o.minValidPoseShare),
    check("inFrameShare", inFrameShare, o.minInFrameShare),
    check("durationS", stats.durationS, o.minDurationS),
    check("fps", stats.fps, o.minFps),
    check("windows", windows, o.minWindows),
  ];
  return { passed: checks.every((c) => c.passed), validPoseShare, inFrameShare, durationS: stats.durationS, fps: stats.fps, windows, checks };
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

const WHY: Record<QualityCriterion, (c: QualityCheck) => string> = {
  validPoseShare: (c) => `the infant's pose was found in only ${pct(c.value)} of frames (at least ${pct(c.minimum)} needed)`,
  inFrameShare: (c) => `the infant was fully in the image in only ${pct(c.value)} of frames (at least ${pct(c.minimum)} needed)`,
  durationS: (c) => `the recording is ${c.value.toFixed(1)} s long (at least ${c.minimum} s needed)`,
  fps: (c) => `the frame rate is ${c.value.toFixed(1)} fps (at least ${c.minimum} fps needed)`,
  windows: (c) => `only ${c.value} stretches of ${DEFAULT_WINDOW_SIZE} consecutive frames with a visible infant were found (at least ${c.minimum} needed)`,
};

const WHAT: Record<QualityCriterion, string> = {
  validPoseShare: "film the infant lying on its back, well lit, with the whole body visible and nothing covering the limbs",
  inFrameShare: "keep the camera still above the infant so that hands and feet stay inside the image",
  durationS: "record for longer (GMA recordings usually last 3-5 minutes of active wakefulness)",
  fps: "record at 25 fps or more",
  windows: "record a longer stretch in which the infant stays visible without interruption",
};

/** The gate's refusal of these failed checks: one wording, whichever stage refuses. */
function qualityTooLow(failed: QualityCheck[]): QualityTooLowError {
  return new QualityTooLowError(
    `The recording is not good enough to analyse: ${failed.map((c) => WHY[c.criterion](c)).join("; ")}.`,
    failed,
    { hint: `Record again: ${[...new Set(failed.map((c) => WHAT[c.criterion]))].join("; ")}.` },
  );
}

/**
 * Refuses a recording below the minimums.
 *
 * @throws QualityTooLowError (code QUALITY_TOO_LOW) whose message says which minimums failed and whose hint says what to do.
 */
export function enforceQualityGate(stats: FrameQualityStats, windows: number, options: QualityGateOptions = {}): QualityReport {
  const report = assessQuality(stats, windows, options);
  if (report.passed) return report;
  throw qualityTooLow(report.checks.filter((c) => !c.passed));
}

/** A recording's length and frame rate as known before any frame is decoded; NaN where unknown. */
export interface RecordingTimingStats {
  /** Length of the recording in seconds. */
  durationS: number;
  /** Frame rate of the recording. */
  fps: number;
}

/**
 * The part of {@link enforceQualityGate} that needs no pose: the recording's length and frame
 * rate, checked against the same minimums and refused with the same error, message and hint, so
 * that a recording the gate would refuse for them is refused before decoding and pose
 * estimation. A figure given as NaN is not checked (the full gate checks it later).
 *
 * @throws QualityTooLowError (code QUALITY_TOO_LOW) naming the minimums that failed.
 */
export function enforceTimingMinimums(stats: RecordingTimingStats, options: QualityGateOptions = {}): void {
  const o = resolveQualityGate(options);
  // In the full gate's order, so that the message reads the same.
  const checks = [check("durationS", stats.durationS, o.minDurationS), check("fps", stats.fps, o.minFps)];
  const failed = checks.filter((c) => !Number.isNaN(c.value) && !c.passed);
  if (failed.length > 0) throw qualityTooLow(failed);
}
