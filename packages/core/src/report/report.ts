import { z } from "zod";
import { ModelTrainingDataSchema } from "../anomaly/model-card";

/**
 * Version of the report's JSON shape; bump the major on a breaking change, the minor when fields
 * are added. 1.1.0: the timeline holds the model's window anomaly score (the hybrid score of
 * model card schema 2) and says so (`scoreKind`), with the reconstruction errors and which part
 * of the score flagged each window alongside; `model.scoreKind` likewise. 1.2.0:
 * `model.trainingData` says whether the model was trained and evaluated on synthetic data only, so
 * that every reader of a risk level learns what it rests on. 1.3.0: `model.weights` names the
 * weights file that scored (one model version ships float32 and compressed variants). 1.3.1:
 * `quality.fps` is the recording's own frame rate, which the quality gate judges (before, the
 * analysis rate the frames are resampled to, the same as `input.fps`). 1.4.0: each risk sign
 * names its `measure`, so that a reader can show one sign per measure (the strictest). 1.5.0:
 * `input.fileName` (the recording's base name, when the caller knew it), `input.synthetic` (the
 * keypoint file says it is simulated movement) and `input.statedAgeWeeks` (the age the keypoint
 * file states, which may differ from the age analysed), so that a reader knows which recording
 * it is and whether it is real.
 */
export const REPORT_SCHEMA_VERSION = "1.5.0";

/** The statement a report shows when its model has seen only synthetic data. */
export const SYNTHETIC_MODEL_WARNING =
  "The anomaly model behind this report was trained and evaluated on SYNTHETIC (simulated) infant movement only; it has not been validated on real infants, and its risk level must not be used for clinical decisions.";

/** Every report carries this; the product never diagnoses. */
export const SCREENING_DISCLAIMER =
  "This report is a screening aid produced by automated analysis of an infant's spontaneous movements. It is not a diagnosis. " +
  "Its findings must be interpreted by a clinician trained in the General Movements Assessment, together with the infant's history and examination.";

const riskLevel = z.enum(["low", "medium", "high"]);
const rangeStatus = z.enum(["reduced", "normal", "increased"]);
const normalRange = z.object({ mean: z.number(), std: z.number() });

/** Schema of a screening report (JSON). */
export const ReportSchema = z
  .object({
    /** Any 1.x: a 1.0.0 report read back from storage still parses (its new fields are absent). */
    schemaVersion: z.string().regex(/^1\.\d+\.\d+$/, "a 1.x report schema version"),
    generatedAt: z.iso.datetime(),
    disclaimer: z.string().min(1),
    input: z.object({
      /** Content fingerprint of the video or keypoint file, when known. */
      fingerprint: z.string().nullable(),
      /** The recording's file name, its base name only (from 1.5.0; absent when the caller did not know it). */
      fileName: z.string().min(1).max(255).optional(),
      /**
       * Present when the keypoint file says it is synthetic (simulated infant movement, as
       * `make-keypoints` writes), with the movement class it states (from 1.5.0).
       */
      synthetic: z.object({ movementClass: z.string().nullable() }).optional(),
      /** The age at recording, in weeks, that the keypoint file states; `age.ageWeeks` is the one analysed (from 1.5.0). */
      statedAgeWeeks: z.number().optional(),
      /** Analysis frame rate: the frames are resampled to it before windowing. */
      fps: z.number().positive(),
      windowSize: z.number().int().positive(),
      windowCount: z.number().int().nonnegative(),
    }),
    age: z.object({
      ageWeeks: z.number(),
      gestationalAgeWeeks: z.number().nullable(),
      correctedAgeWeeks: z.number(),
      corrected: z.boolean(),
      period: z.enum(["writhing", "fidgety", "beyond"]),
    }),
    assessment: z.object({
      /** One-paragraph GMA-style statement. */
      summary: z.string().min(1),
      /** Further statements, one per finding. */
      details: z.array(z.string()),
    }),
    risk: z.object({
      level: riskLevel,
      anomalyRatePercent: z.number().min(0).max(100),
      /** Signs that set the level (rules of the risk policy that fired), most severe first. */
      signs: z.array(
        z.object({
          id: z.string().min(1),
          /** What the rule measures (from 1.4.0): show the first sign of each (`strongestSigns`). */
          measure: z.string().min(1).optional(),
          severity: z.enum(["high", "medium", "mild"]),
          message: z.string().min(1),
          value: z.number(),
          limit: z.number(),
        }),
      ),
    }),
    recommendations: z.array(z.string().min(1)).min(1),
    findings: z.object({
      movementLevel: z.enum(["absent", "reduced", "normal"]),
      overallAmplitude: z.number(),
      overallVelocity: z.number(),
      joints: z.array(
        z.object({
          joint: z.number().int().min(0).max(24),
          name: z.string(),
          amplitude: z.number(),
          velocity: z.number(),
          normalAmplitude: normalRange,
          normalVelocity: normalRange,
          amplitudeZ: z.number(),
          velocityZ: z.number(),
          status: rangeStatus,
        }),
      ),
      limbs: z.array(z.object({ limb: z.string(), amplitudeZ: z.number(), status: rangeStatus })),
    }),
    asymmetry: z.object({
      thresholdSigma: z.number().positive(),
      limbs: z.array(
        z.object({
          limb: z.enum(["arm", "leg"]),
          ratio: z.number().nullable(),
          normalMean: z.number(),
          normalStd: z.number(),
          zScore: z.number().nullable(),
          asymmetric: z.boolean(),
          reducedSide: z.enum(["left", "right"]).nullable(),
        }),
      ),
    }),
    timeline: z.object({
      /**
       * What `errors` holds: "hybrid-max-z" (the model card's hybrid score: standard deviations
       * from normal windows of the infant's period) or "reconstruction-error". Absent in 1.0.0
       * reports, whose `errors` are reconstruction errors.
       */
      scoreKind: z.enum(["hybrid-max-z", "reconstruction-error"]).optional(),
      /** The score above which a window is anomalous, on the scale of `errors`. */
      threshold: z.number().positive(),
      /** Start of each window in seconds from the start of the recording. */
      startTimesS: z.array(z.number()),
      /** Each window's anomaly score (the name is kept from 1.0.0, where the score was the reconstruction error). */
      errors: z.array(z.number()),
      anomalous: z.array(z.boolean()),
      /** Largest and mean window score. */
      maxError: z.number(),
      meanError: z.number(),
      anomalousCount: z.number().int().nonnegative(),
      /** Anomalous windows by the part of the score that set it ("reconstruction" or a movement feature). */
      flaggedBy: z.record(z.string(), z.number().int().nonnegative()).optional(),
      /** The autoencoder's reconstruction error of each window. */
      reconstructionErrors: z.array(z.number()).optional(),
    }),
    quality: z.object({
      passed: z.boolean(),
      validPoseShare: z.number().min(0).max(1),
      inFrameShare: z.number().min(0).max(1),
      durationS: z.number(),
      /** The recording's own frame rate (from 1.3.1; before, the analysis rate). */
      fps: z.number(),
      windows: z.number().int().nonnegative(),
      checks: z.array(z.object({ criterion: z.string(), value: z.number(), minimum: z.number(), passed: z.boolean() })),
    }),
    model: z.object({
      version: z.string().min(1),
      /** File of the weights that scored (`autoencoder.fp16.onnx`); absent before 1.3.0. */
      weights: z.string().min(1).optional(),
      threshold: z.number().positive(),
      scoreKind: z.enum(["hybrid-max-z", "reconstruction-error"]).optional(),
      /** Absent before 1.2.0, and for a model whose card says nothing about its data. */
      trainingData: ModelTrainingDataSchema.optional(),
    }),
    /** Milliseconds per stage, plus `total`. */
    timings: z.record(z.string(), z.number().nonnegative()),
  })
  .refine((r) => r.timeline.errors.length === r.timeline.startTimesS.length && r.timeline.errors.length === r.timeline.anomalous.length, {
    message: "timeline arrays must have one entry per window",
    path: ["timeline"],
  })
  .refine((r) => r.timeline.errors.length === r.input.windowCount, { message: "timeline must hold input.windowCount windows", path: ["timeline"] })
  .refine((r) => r.timeline.reconstructionErrors === undefined || r.timeline.reconstructionErrors.length === r.timeline.errors.length, {
    message: "timeline.reconstructionErrors must have one entry per window",
    path: ["timeline", "reconstructionErrors"],
  });

/** A screening report. */
export type Report = z.infer<typeof ReportSchema>;

/** Validates a report (e.g. one read back from storage); throws a ZodError that says what is wrong. */
export function parseReport(json: unknown): Report {
  return ReportSchema.parse(json);
}
