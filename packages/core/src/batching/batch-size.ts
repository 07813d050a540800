import { readGpuMemory } from "../memory/gpu-memory";
import { readSystemMemory } from "../memory/system-memory";

/** Options of {@link autoBatchSize}. */
export interface AutoBatchSizeOptions {
  /** Estimated peak memory one item needs while processed (inputs, activations, outputs), in bytes. */
  itemBytes: number;
  /**
   * Size against free GPU memory (the smallest free figure of the GPUs) instead of RAM.
   * @defaultValue `false`
   */
  useGpu?: boolean;
  /**
   * Share of the available memory one batch may take: the rest is headroom for everything else.
   * @defaultValue `0.5`
   */
  memoryFraction?: number;
  /** @defaultValue `1` */
  minBatchSize?: number;
  /** @defaultValue `256` */
  maxBatchSize?: number;
  /**
   * Bytes available now; for tests and for callers that know better.
   * @defaultValue free RAM within the cgroup limit, or free GPU memory with `useGpu`
   */
  availableBytes?: () => number | Promise<number>;
}

/** Free bytes to size a batch against: RAM (cgroup-aware), or the tightest GPU where asked and present. */
export async function availableMemoryBytes(useGpu: boolean): Promise<number> {
  if (useGpu) {
    const gpus = await readGpuMemory();
    if (gpus.length > 0) return Math.min(...gpus.map((g) => g.freeBytes));
  }
  return readSystemMemory().availableBytes;
}

/** The largest batch whose estimated memory fits the given share of what is free, within [min, max]. */
export async function autoBatchSize(options: AutoBatchSizeOptions): Promise<number> {
  const { itemBytes, useGpu = false, memoryFraction = 0.5, minBatchSize = 1, maxBatchSize = 256 } = options;
  if (!(itemBytes > 0)) throw new RangeError(`itemBytes must be > 0 to size batches automatically, got ${itemBytes}`);
  if (!(memoryFraction > 0 && memoryFraction <= 1)) throw new RangeError(`memoryFraction must be in (0, 1], got ${memoryFraction}`);
  if (!Number.isInteger(minBatchSize) || minBatchSize < 1 || !Number.isInteger(maxBatchSize) || maxBatchSize < minBatchSize) {
    throw new RangeError(`need integers 1 <= minBatchSize <= maxBatchSize, got ${minBatchSize} and ${maxBatchSize}`);
  }
  const available = await (options.availableBytes ?? (() => availableMemoryBytes(useGpu)))();
  const fits = Math.floor((available * memoryFraction) / itemBytes);
  return Math.min(maxBatchSize, Math.max(minBatchSize, fits));
}

/**
 * True for the errors an allocation failure produces: V8's (`Array buffer allocation failed`),
 * onnxruntime's (`bad_alloc`, `Failed to allocate memory`) and CUDA's.
 */
export function isOutOfMemoryError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { code?: unknown }).code === "ERR_OUT_OF_MEMORY" || (error as { code?: unknown }).code === "BATCH_OUT_OF_MEMORY") return true;
  return /out of memory|array buffer allocation failed|bad_alloc|failed to allocate|cudaErrorMemoryAllocation|CUDA_ERROR_OUT_OF_MEMORY|CUBLAS_STATUS_ALLOC_FAILED/i.test(error.message);
}
