import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { parseNormalStatistics, type NormalStatistics } from "../analysis";
import { ModelCardInvalidError } from "./errors/model-card-invalid-error";

const classMetrics = z.looseObject({
  auroc: z.number().nullable().optional(),
  sensitivity: z.number().nullable().optional(),
  specificity: z.number().nullable().optional(),
});

/**
 * Schema of `model-card.json`, written by training (`training/gma_training/card.py`). Only the
 * fields serving needs are required; the rest (architecture, data, training history) is kept
 * as a loose record (unknown top-level keys are dropped). `normalStatistics` uses the snake_case keys of the MINI-RGBD statistics file and is
 * parsed into {@link NormalStatistics}.
 */
export const ModelCardSchema = z.object({
  schemaVersion: z.number().int().optional(),
  name: z.string().optional(),
  /** Identifies the exact weights; part of every cache key and report. */
  modelVersion: z.string().min(1),
  sha256: z.string().optional(),
  files: z.looseObject({
    onnx: z.string().min(1),
    compressed: z.string().optional(),
    /** The variant to serve when it differs from `onnx` (a compressed one with a negligible AUROC delta). */
    served: z.string().optional(),
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
  /** Window error above which a window is anomalous. */
  threshold: z.number().positive(),
  thresholdRule: z.string().optional(),
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
});

/** A parsed model card, with its normal statistics typed and the folder it came from. */
export type ModelCard = Omit<z.infer<typeof ModelCardSchema>, "normalStatistics"> & {
  normalStatistics: NormalStatistics | undefined;
  /** Folder of the card; model files are relative to it. Empty for a card parsed from memory. */
  dir: string;
};

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
  return { ...parsed.data, normalStatistics, dir };
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
export type ModelVariant = "served" | "onnx" | "compressed";

/** Path of a model file named by the card: the served variant by default, else the fp32 export. */
export function modelFilePath(card: ModelCard, variant: ModelVariant = "served"): string {
  const name = variant === "served" ? (card.files.served ?? card.files.onnx) : variant === "compressed" ? card.files.compressed : card.files.onnx;
  if (name === undefined) throw new ModelCardInvalidError(`the model card of ${card.modelVersion} names no ${variant} model file`);
  return join(card.dir, name);
}
