import type { WeightPrecision } from "../converter/weight-precision";

/** BlazePose landmark model sizes: lite is fastest, heavy most accurate. */
export type PoseVariant = "lite" | "full" | "heavy";

/** Every network the pose pipeline uses: the person detector and the three landmark models. */
export type PoseNetwork = "detector" | PoseVariant;

/** All landmark variants, smallest first. */
export const POSE_VARIANTS: readonly PoseVariant[] = ["lite", "full", "heavy"];

/**
 * Weight storage used when the caller names none: the smallest precision whose landmarks stay
 * within 1e-2 (normalised frame units) of fp32 on the test footage. int8 misses that bound
 * (about 3e-2); see packages/core/docs/pose-models.md for the figures.
 */
export const DEFAULT_WEIGHT_PRECISION: WeightPrecision = "fp16";

/** File name of a converted network in the models directory. */
export function modelFileName(network: PoseNetwork, precision: WeightPrecision): string {
  return `blazepose-${network}.${precision}.onnx`;
}

/** Name of the manifest written next to the models. */
export const MANIFEST_FILE = "manifest.json";
