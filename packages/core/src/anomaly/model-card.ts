import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { parseNormalStatistics, type NormalStatistics } from "../analysis";
import { ModelCardInvalidError } from "./errors/model-card-invalid-error";
import { HybridScoringSchema, type HybridScoring } from "./hybrid-scoring";

const classMetrics = z.looseObject({
  auroc: z.number().nullable().optional(),
  sensitivity: z.number().nullable().optional(),
  specificity: z.number().nullable().optional(),
});

/**
 * Schema of `model-card.json`, written by training (`training/gma_training/train.py`). Only the
 * fields serving needs are required; the rest (architecture, data, training history) is kept
 * as a loose record (unknown top-level keys are dropped). `normalStatistics` uses the snake_case keys of the MINI-RGBD statistics file and is
 * parsed into {@link NormalStatistics}.
 */
export const ModelCardSchema = z.object({
  schemaVersion: z.number().int().optional(),
  name: z.string().optional(),
  /** Identifies the exact weights and scoring constants; part of every cache key and report. */
  modelVersion: z.string().min(1),
  sha256: z.string().optional(),
  files: z.looseObject({
    onnx: z.string().min(1),
    /** Float16 weights, float32 arithmetic. */
    compressed: z.string().optional(),
    /** Int8 dynamic quantisation (onnxruntime's `com.microsoft` kernels, CPU provider only). */
    quantized: z.string().optional(),
    /** The variant to serve when it differs from `onnx` (a compressed one that rates windows as float32 does). */
    served: z.string().optional(),
    /** Golden windows with the trainer's features and scores, for the serving parity test. */
    scoringGolden: z.string().optional(),
  }),
  io: z
    .looseObject({
      input: z.looseObject({ name: z.string().min(1) }),
      output: z.looseObject({ name: z.string().min(1) }),
      opset: z.number().int().optional(),
    })
    .optional(),
  /** Analysis frame rate the model was trained at. */
  fps: z.number().positive(),
  windowSize: z.number().int().positive(),
  windowStride: z.number().int().positive().optional(),
  joints: z.literal(25).optional(),
  /** Preprocessing the windows went through (descriptive; serving must apply the same pipeline). */
  normalisation: z.record(z.string(), z.unknown()).default({}),
  /**
   * How a window's anomaly score is computed. Schema 2: the hybrid score's constants; schema 1:
   * a sentence, the score being the reconstruction error itself. An object of another kind is
   * refused: serving must not guess at a score it cannot compute.
   */
  scoring: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** Score above which a window is anomalous (the hybrid score's threshold in schema 2). */
  threshold: z.number().positive(),
  thresholdRule: z.string().optional(),
  /** The autoencoder alone: reconstruction error above which a window is anomalous (schema 2). */
  reconstructionThreshold: z.number().positive().optional(),
  normalStatistics: z.unknown().optional(),
  architecture: z.record(z.string(), z.unknown()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
  metrics: z
    .looseObject({
      summary: z.record(z.string(), z.unknown()).optional(),
      perClass: z.record(z.string(), classMetrics).optional(),
    })
    .optional(),
  onnxCheck: z.record(z.string(), z.unknown()).optional(),
  /** What the figures do not say, in words; checked by `modelEvaluation`, not here: serving does not need it. */
  limitations: z.unknown().optional(),
});

/** A parsed model card, with its normal statistics and scoring typed and the folder it came from. */
export type ModelCard = Omit<z.infer<typeof ModelCardSchema>, "normalStatistics" | "scoring"> & {
  normalStatistics: NormalStatistics | undefined;
  /** The hybrid score's constants (schema 2), or a description of the score (schema 1). */
  scoring: string | HybridScoring | undefined;
  /** Folder of the card; model files are relative to it. Empty for a card parsed from memory. */
  dir: string;
};

/** What a model was trained and evaluated on, as reports state it (report schema 1.2.0 `model.trainingData`). */
export const ModelTrainingDataSchema = z.object({
  /** True when every training and evaluation recording came from the simulator. */
  synthetic: z.boolean(),
  /** The card's own warning about its data, when it states one. */
  note: z.string().nullable(),
});

/** What a model was trained and evaluated on, as reports state it. */
export type ModelTrainingData = z.infer<typeof ModelTrainingDataSchema>;

/** The card's `data` as a report states it; undefined when the card does not say whether its data is synthetic. */
export function modelTrainingData(card: ModelCard): ModelTrainingData | undefined {
  const data = card.data;
  if (typeof data?.synthetic !== "boolean") return undefined;
  return { synthetic: data.synthetic, note: typeof data.warning === "string" && data.warning.length > 0 ? data.warning : null };
}

/** Validates parsed JSON as a {@link ModelCard}. */
export function parseModelCard(json: unknown, dir = "", origin = "model card"): ModelCard {
  const parsed = ModelCardSchema.safeParse(json);
  if (!parsed.success) throw new ModelCardInvalidError(`${origin} is malformed: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  let normalStatistics: NormalStatistics | undefined;
  if (parsed.data.normalStatistics !== undefined) {
    try {
      normalStatistics = parseNormalStatistics(parsed.data.normalStatistics, `${origin} normalStatistics`);
    } catch (cause) {
      throw new ModelCardInvalidError(cause instanceof Error ? cause.message : String(cause), { cause });
    }
  }
  let scoring: string | HybridScoring | undefined;
  if (typeof parsed.data.scoring === "object") {
    const hybrid = HybridScoringSchema.safeParse(parsed.data.scoring);
    if (!hybrid.success) throw new ModelCardInvalidError(`${origin} has scoring constants serving cannot use: ${z.prettifyError(hybrid.error)}`, { cause: hybrid.error });
    scoring = hybrid.data;
    if (scoring.threshold !== parsed.data.threshold) {
      throw new ModelCardInvalidError(`${origin} is inconsistent: threshold ${parsed.data.threshold} differs from scoring.threshold ${scoring.threshold}`);
    }
  } else {
    scoring = parsed.data.scoring;
  }
  return { ...parsed.data, normalStatistics, scoring, dir };
}

/**
 * Reads `model-card.json` (give the file or its folder).
 *
 * @throws ModelCardInvalidError when it is missing, not JSON, or lacks a required field.
 */
export function loadModelCard(path: string): ModelCard {
  const file = path.endsWith(".json") ? path : join(path, "model-card.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ModelCardInvalidError(`cannot read the model card ${file}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelCardInvalidError(`the model card ${file} is not JSON`, { cause });
  }
  return parseModelCard(json, dirname(file), file);
}

/** Which weights file of a card to use. */
export type ModelVariant = "served" | "onnx" | "compressed" | "quantized";

/**
 * The variant to load on an execution provider. The int8 variant runs on onnxruntime's CPU
 * kernels only (CUDA has none for `DynamicQuantizeLSTM` and `DynamicQuantizeMatMul`, so those
 * nodes would run on the CPU with copies across the bus at every layer): on CUDA a card that
 * serves it serves the float32 export instead.
 */
export function modelVariantFor(card: ModelCard, variant: ModelVariant = "served", executionProvider: "cpu" | "cuda" = "cpu"): ModelVariant {
  if (executionProvider !== "cuda") return variant;
  const quantized = card.files.quantized;
  const servesQuantized = variant === "quantized" || (variant === "served" && quantized !== undefined && card.files.served === quantized);
  return servesQuantized ? "onnx" : variant;
}

/**
 * Path of a model file named by the card: the served variant by default, as loaded on
 * `executionProvider` ({@link modelVariantFor}: on CUDA an int8 variant gives way to the fp32 export).
 */
export function modelFilePath(card: ModelCard, variant: ModelVariant = "served", executionProvider: "cpu" | "cuda" = "cpu"): string {
  const loaded = modelVariantFor(card, variant, executionProvider);
  const names: Record<ModelVariant, string | undefined> = {
    served: card.files.served ?? card.files.onnx,
    onnx: card.files.onnx,
    compressed: card.files.compressed,
    quantized: card.files.quantized,
  };
  const name = names[loaded];
  if (name === undefined) throw new ModelCardInvalidError(`the model card of ${card.modelVersion} names no ${loaded} model file`);
  return join(card.dir, name);
}
