import { z } from "zod";
import { ModelCardInvalidError } from "./errors/model-card-invalid-error";
import type { ModelCard } from "./model-card";

/** A 95 % interval `[low, high]` of a rate. */
export type Interval95 = readonly [number, number];

/** Window-level figures of one anomaly class (its test windows against the normal test windows). */
export interface WindowClassEvaluation {
  /** Simulator class name, e.g. `cramped-synchronised`. */
  name: string;
  /** AUROC of the window score, this class against the normal test windows. */
  auroc: number | null;
  /** Share of this class's windows above the threshold. */
  sensitivity: number | null;
  /** AUROC of the mean score per infant (one value per recording). */
  recordingAuroc: number | null;
}

/** How the served score separates single windows (`metrics.summary` and `metrics.perClass`). */
export interface WindowLevelEvaluation {
  /** Share of normal test windows at or below the threshold. */
  specificity: number | null;
  specificityInterval95: Interval95 | null;
  /** How the interval was computed (resampling infants, not windows). */
  specificityIntervalRule: string | null;
  normalTestWindows: number | null;
  normalTestInfants: number | null;
  minAuroc: number | null;
  meanAuroc: number | null;
  /** The training goal in words. */
  goal: string | null;
  goalMet: boolean | null;
  /** Anomaly classes, in the card's order. */
  classes: WindowClassEvaluation[];
}

/** Risk levels a report gives. */
export type EvaluatedRiskLevel = "low" | "medium" | "high";

/** Risk levels of one simulator class's recordings (`metrics.recordingRisk.perClass`). */
export interface RecordingClassEvaluation {
  name: string;
  /** `normal` recordings should rate low; `anomaly` ones medium or high. */
  label: "normal" | "anomaly";
  recordings: number;
  low: number;
  medium: number;
  high: number;
  /** Share rated as expected. */
  correctRate: number;
  correctInterval95: Interval95;
}

/** A recording rated against its class (a normal one not low, an anomalous one low). */
export interface MisratedRecording {
  /** Simulator class of the recording. */
  className: string;
  /** Simulator seed: reproduces the recording. */
  seed: number;
  level: EvaluatedRiskLevel;
  anomalyRatePercent: number | null;
  /** Ids of the risk signs the report raised. */
  signs: string[];
}

/** A rate over recordings with its count and 95 % interval. */
export interface RecordingRate {
  recordings: number;
  /** Recordings rated as expected (low for specificity, medium or high for sensitivity). */
  rated: number;
  rate: number;
  interval95: Interval95;
}

/** The risk level whole synthetic recordings get under the default policy (`metrics.recordingRisk`). */
export interface RecordingLevelEvaluation {
  recordingsPerClass: number;
  durationS: number;
  /** What was evaluated, in the evaluator's words. */
  note: string | null;
  /** How the intervals were computed. */
  intervalRule: string | null;
  /** Normal recordings rated low. */
  specificity: RecordingRate;
  /** Anomalous recordings rated medium or high. */
  sensitivity: RecordingRate;
  /** Every simulator class, in the card's order. */
  classes: RecordingClassEvaluation[];
  misrated: MisratedRecording[];
  /** Window-level specificity over the normal evaluation recordings (every window); null on cards written before it. */
  windowSpecificity: WindowSpecificityEvaluation | null;
}

/** Share of the normal evaluation recordings' windows at or below the threshold, interval from resampling recordings. */
export interface WindowSpecificityEvaluation {
  windows: number;
  /** Windows above the threshold. */
  anomalous: number;
  rate: number;
  interval95: Interval95;
}

/**
 * One weights file of the model as `training/verify-onnx.ts` measured it on the held-out test
 * windows (`onnxCheck.variants`), compared with the float32 file. Fields an older card lacks are null.
 */
export interface WeightsVariantEvaluation {
  /** Variant name, e.g. `fp32`, `fp16-weights`, `int8-dynamic`. */
  name: string;
  /** Weights file, relative to the card. */
  file: string;
  sizeKiB: number;
  /** Windows per second scoring one window at a time, on the training machine. */
  windowsPerSBatch1: number | null;
  /** Windows per second in batches of 64 (the card's `windowsPerS`), on the training machine. */
  windowsPerSBatch64: number | null;
  /** Smallest per-class AUROC of the test windows. */
  minAuroc: number | null;
  /** Largest per-class AUROC difference from float32; null for the float32 file itself. */
  maxAurocDelta: number | null;
  /** Share of normal test windows at or below the threshold. */
  specificity: number | null;
  /** Specificity difference from float32; null for the float32 file itself. */
  specificityDelta: number | null;
  /** Largest per-class sensitivity difference from float32; null for the float32 file itself. */
  maxSensitivityDelta: number | null;
  /** Test windows on the other side of the threshold than with the float32 file. */
  flagDisagreements: number | null;
  /**
   * Largest change of a window's reconstruction between scoring it alone and inside a batch of
   * other windows: 0 for float weights. A variant whose outputs move with their batch is never
   * served (the batcher mixes recordings, and a report must not depend on its batch-mates).
   */
  batchDependence: number | null;
  /** True for the file serving loads (`files.served`, else `files.onnx`). */
  served: boolean;
}

/** What a model card says about how its model was evaluated; absent parts are null. */
export interface ModelEvaluation {
  modelVersion: string;
  name: string | null;
  /** The weights file serving loads (relative to the card). */
  servedFile: string;
  /** The window score the threshold applies to (e.g. `hybrid-max-z`). */
  scoreKind: string;
  threshold: number;
  /**
   * True when the card says its data is simulated (`data.synthetic`): every figure then describes
   * the simulator's classes, not real infants, and must be labelled so wherever it is shown.
   */
  synthetic: boolean;
  /** The card's own warning about its data (`data.warning`). */
  dataWarning: string | null;
  windowLevel: WindowLevelEvaluation | null;
  recordingLevel: RecordingLevelEvaluation | null;
  /** The card's stated limitations (`limitations`), when it has them. */
  limitations: string[] | null;
  /** Every weights file measured against float32, in the card's order; null on a card without `onnxCheck.variants`. */
  variants: WeightsVariantEvaluation[] | null;
  /** Why the served file was chosen, in the verifier's words (`onnxCheck.servedReason`). */
  servedReason: string | null;
}

const rate = z.number().min(0).max(1);
const interval = z
  .tuple([rate, rate])
  .refine(([low, high]) => low <= high, "the interval's low end is above its high end");
const count = z.number().int().nonnegative();
const optionalText = z.string().nullish();

const SummarySchema = z.looseObject({
  score: z.string().optional(),
  specificity: rate.nullish(),
  specificityInterval95: interval.nullish(),
  specificityIntervalRule: optionalText,
  normalTestWindows: count.nullish(),
  normalTestInfants: count.nullish(),
  minAuroc: rate.nullish(),
  meanAuroc: rate.nullish(),
  goal: optionalText,
  goalMet: z.boolean().nullish(),
});

const WindowClassSchema = z.looseObject({
  auroc: rate.nullish(),
  sensitivity: rate.nullish(),
  recordingAuroc: rate.nullish(),
});

const RecordingRateSchema = z.looseObject({ recordings: count, rate, interval95: interval });

const RecordingRiskSchema = z.looseObject({
  windowSpecificity: z.looseObject({ windows: count, anomalous: count, rate, interval95: interval }).optional(),
  recordingsPerClass: count,
  durationS: z.number().positive(),
  note: optionalText,
  intervalRule: optionalText,
  specificity: RecordingRateSchema.extend({ ratedLow: count }),
  sensitivity: RecordingRateSchema.extend({ ratedMediumOrHigh: count }),
  perClass: z.record(
    z.string(),
    z.looseObject({
      label: z.enum(["normal", "anomaly"]),
      recordings: count,
      low: count,
      medium: count,
      high: count,
      correct: z.looseObject({ rate, interval95: interval }),
      misrated: z
        .array(
          z.looseObject({
            seed: z.number().int(),
            level: z.enum(["low", "medium", "high"]),
            anomalyRatePercent: z.number().min(0).max(100).nullish(),
            signs: z.array(z.string()).default([]),
          }),
        )
        .default([]),
    }),
  ),
});

const nonnegative = z.number().nonnegative();

// Cards written before the served-file check carry only the name, file, size, batch-64 speed and AUROC figures.
const WeightsVariantSchema = z.looseObject({
  name: z.string().min(1),
  file: z.string().min(1),
  sizeKiB: z.number().positive(),
  windowsPerS: z.number().positive().nullish(),
  windowsPerSBatch1: z.number().positive().nullish(),
  minAuroc: rate.nullish(),
  maxAurocDelta: nonnegative.nullish(),
  specificity: rate.nullish(),
  specificityDelta: nonnegative.nullish(),
  maxSensitivityDelta: nonnegative.nullish(),
  flagDisagreements: count.nullish(),
  batchDependence: nonnegative.nullish(),
});

const DataSchema = z.looseObject({ synthetic: z.boolean().optional(), warning: z.string().optional() });

/** Parses one part of the card, naming the offending field (from the card's root) when it is malformed. */
function parsePart<S extends z.ZodType>(card: ModelCard, field: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = [field, ...issue.path.map(String)].join(".");
  throw new ModelCardInvalidError(`the model card of ${card.modelVersion} has a malformed ${at}: ${issue.message}`, { cause: parsed.error });
}

/**
 * What the card says about how its model was evaluated, validated: the served model, the
 * window-level figures (`metrics.summary`, `metrics.perClass`), the recording-level risk figures
 * (`metrics.recordingRisk`, written by `training/evaluate-recordings.ts`), the weights files measured
 * against float32 (`onnxCheck.variants`, written by `training/verify-onnx.ts`) and the limitations.
 * A part the card lacks (an older card without `recordingRisk`, or without `metrics`) is null.
 *
 * @throws ModelCardInvalidError when a part is present but malformed; the message names the field.
 */
export function modelEvaluation(card: ModelCard): ModelEvaluation {
  const data = parsePart(card, "data", DataSchema.optional(), card.data);
  const metrics = card.metrics;
  const summary = parsePart(card, "metrics.summary", SummarySchema.optional(), metrics?.summary);
  const perClass = parsePart(card, "metrics.perClass", z.record(z.string(), WindowClassSchema).optional(), metrics?.perClass);
  const risk = parsePart(card, "metrics.recordingRisk", RecordingRiskSchema.optional(), (metrics as Record<string, unknown> | undefined)?.recordingRisk);
  const limitations = parsePart(card, "limitations", z.array(z.string()).optional(), card.limitations);
  const variants = parsePart(card, "onnxCheck.variants", z.array(WeightsVariantSchema).optional(), card.onnxCheck?.variants);
  const servedReason = parsePart(card, "onnxCheck.servedReason", optionalText, card.onnxCheck?.servedReason);
  const servedFile = card.files.served ?? card.files.onnx;

  const windowLevel: WindowLevelEvaluation | null =
    summary === undefined && perClass === undefined
      ? null
      : {
          specificity: summary?.specificity ?? null,
          specificityInterval95: summary?.specificityInterval95 ?? null,
          specificityIntervalRule: summary?.specificityIntervalRule ?? null,
          normalTestWindows: summary?.normalTestWindows ?? null,
          normalTestInfants: summary?.normalTestInfants ?? null,
          minAuroc: summary?.minAuroc ?? null,
          meanAuroc: summary?.meanAuroc ?? null,
          goal: summary?.goal ?? null,
          goalMet: summary?.goalMet ?? null,
          classes: Object.entries(perClass ?? {}).map(([name, c]) => ({
            name,
            auroc: c.auroc ?? null,
            sensitivity: c.sensitivity ?? null,
            recordingAuroc: c.recordingAuroc ?? null,
          })),
        };

  const recordingLevel: RecordingLevelEvaluation | null =
    risk === undefined
      ? null
      : {
          recordingsPerClass: risk.recordingsPerClass,
          durationS: risk.durationS,
          note: risk.note ?? null,
          intervalRule: risk.intervalRule ?? null,
          specificity: { recordings: risk.specificity.recordings, rated: risk.specificity.ratedLow, rate: risk.specificity.rate, interval95: risk.specificity.interval95 },
          sensitivity: {
            recordings: risk.sensitivity.recordings,
            rated: risk.sensitivity.ratedMediumOrHigh,
            rate: risk.sensitivity.rate,
            interval95: risk.sensitivity.interval95,
          },
          classes: Object.entries(risk.perClass).map(([name, c]) => ({
            name,
            label: c.label,
            recordings: c.recordings,
            low: c.low,
            medium: c.medium,
            high: c.high,
            correctRate: c.correct.rate,
            correctInterval95: c.correct.interval95,
          })),
          misrated: Object.entries(risk.perClass).flatMap(([className, c]) =>
            c.misrated.map((r) => ({ className, seed: r.seed, level: r.level, anomalyRatePercent: r.anomalyRatePercent ?? null, signs: r.signs })),
          ),
          windowSpecificity: risk.windowSpecificity
            ? { windows: risk.windowSpecificity.windows, anomalous: risk.windowSpecificity.anomalous, rate: risk.windowSpecificity.rate, interval95: risk.windowSpecificity.interval95 }
            : null,
        };

  return {
    modelVersion: card.modelVersion,
    name: card.name ?? null,
    servedFile,
    // Schema 1 cards describe their score in words: it is the reconstruction error itself.
    scoreKind: typeof card.scoring === "object" ? card.scoring.kind : (summary?.score ?? "reconstruction-error"),
    threshold: card.threshold,
    synthetic: data?.synthetic === true,
    dataWarning: data?.warning ?? null,
    windowLevel,
    recordingLevel,
    limitations: limitations ?? null,
    variants:
      variants?.map((v) => ({
        name: v.name,
        file: v.file,
        sizeKiB: v.sizeKiB,
        windowsPerSBatch1: v.windowsPerSBatch1 ?? null,
        windowsPerSBatch64: v.windowsPerS ?? null,
        minAuroc: v.minAuroc ?? null,
        maxAurocDelta: v.maxAurocDelta ?? null,
        specificity: v.specificity ?? null,
        specificityDelta: v.specificityDelta ?? null,
        maxSensitivityDelta: v.maxSensitivityDelta ?? null,
        flagDisagreements: v.flagDisagreements ?? null,
        batchDependence: v.batchDependence ?? null,
        served: v.file === servedFile,
      })) ?? null,
    servedReason: servedReason ?? null,
  };
}
