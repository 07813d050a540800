import type { WeightsVariant } from "@/lib/model-evaluation";

/**
 * The three weights files as the shipped card states them (rounded): float32 the reference,
 * fp16 served, int8 as good at rating windows but with outputs that move with their batch.
 */
export function weightsVariants(): WeightsVariant[] {
  const common = { minAuroc: 0.982, specificity: 0.94, flagDisagreements: 0 };
  return [
    { name: "fp32", file: "autoencoder.onnx", sizeKiB: 667.38, windowsPerSBatch1: 2190.3, windowsPerSBatch64: 7493.9, maxAurocDelta: null, specificityDelta: null, maxSensitivityDelta: null, batchDependence: 0, served: false, ...common },
    { name: "fp16-weights", file: "autoencoder.fp16.onnx", sizeKiB: 343.37, windowsPerSBatch1: 2427.5, windowsPerSBatch64: 7074.2, maxAurocDelta: 9.3e-7, specificityDelta: 0, maxSensitivityDelta: 0, batchDependence: 0, served: true, ...common },
    { name: "int8-dynamic", file: "autoencoder.int8.onnx", sizeKiB: 198.59, windowsPerSBatch1: 2328.6, windowsPerSBatch64: 6704.9, maxAurocDelta: 1.32e-4, specificityDelta: 0, maxSensitivityDelta: 0, batchDependence: 0.01134, served: false, ...common },
  ];
}
