import { BatchCancelledError } from "./errors/batch-cancelled-error";
import { BatchOutOfMemoryError } from "./errors/batch-out-of-memory-error";
import { BatchResultMismatchError } from "./errors/batch-result-mismatch-error";
import { autoBatchSize, isOutOfMemoryError } from "./batch-size";

/** What a batch function learns about the batch it is given. */
export interface BatchInfo {
  /** Index of the batch, counting retries of a shrunk batch as new batches. */
  batchIndex: number;
  /** Position of the batch's first item in the input. */
  offset: number;
  /** The batch size in force (the last batch may hold fewer items). */
  batchSize: number;
  /** The caller's signal, to pass on to cancellable work. */
  signal: AbortSignal | undefined;
}

/** Progress after each batch. */
export interface BatchProgress {
  done: number;
  total: number;
  batches: number;
  batchSize: number;
}

/** Options of {@link batchProcess}. */
export interface BatchProcessOptions<T, R> {
  /**
   * Items per batch, or `"auto"`: sized from free memory (cgroup limit and free RAM, or free GPU
   * memory with `useGpu`) and `itemMemoryBytes`, halved and retried on an out-of-memory error.
   */
  batchSize: number | "auto";
  /** Processes one batch; must return one result per item, in order. */
  processFn: (batch: T[], info: BatchInfo) => R[] | Promise<R[]>;
  /**
   * Size `"auto"` batches against GPU memory.
   * @defaultValue `false`
   */
  useGpu?: boolean;
  /**
   * Estimated peak bytes per item, for `"auto"`.
   * @defaultValue 16 MiB
   */
  itemMemoryBytes?: number;
  /**
   * Upper bound of an `"auto"` batch size.
   * @defaultValue `256`
   */
  maxBatchSize?: number;
  /** Cancels between batches (and is passed to `processFn`); the call rejects with `BATCH_CANCELLED`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: BatchProgress) => void;
  /**
   * Free bytes for `"auto"`; see {@link AutoBatchSizeOptions.availableBytes}.
   * @defaultValue measured
   */
  availableBytes?: () => number | Promise<number>;
}

/**
 * Processes `items` in batches, one batch at a time, and returns the results in input order.
 * An out-of-memory error halves the batch size and retries the same items (with a fixed size
 * too: a smaller batch is better than a failed run); at size 1 it fails with `BATCH_OUT_OF_MEMORY`.
 *
 * @example
 * const scores = await batchProcess(windows, { batchSize: "auto", itemMemoryBytes: 64 * 1024, processFn: (b) => model.score(b) });
 */
export async function batchProcess<T, R>(items: readonly T[], options: BatchProcessOptions<T, R>): Promise<R[]> {
  const { processFn, signal, onProgress, useGpu = false, itemMemoryBytes = 16 * 1024 * 1024, maxBatchSize = 256 } = options;
  let size: number;
  if (options.batchSize === "auto") {
    size = await autoBatchSize({ itemBytes: itemMemoryBytes, useGpu, maxBatchSize, ...(options.availableBytes ? { availableBytes: options.availableBytes } : {}) });
  } else {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batchSize must be an integer >= 1 or "auto", got ${options.batchSize}`);
    size = options.batchSize;
  }
  const results: R[] = [];
  let offset = 0;
  let batches = 0;
  while (offset < items.length) {
    if (signal?.aborted) throw new BatchCancelledError("batch processing", signal.reason);
    const batch = items.slice(offset, offset + size);
    let out: R[];
    try {
      out = await processFn(batch, { batchIndex: batches, offset, batchSize: size, signal });
    } catch (error) {
      batches++;
      if (!isOutOfMemoryError(error)) throw error;
      if (size === 1) throw new BatchOutOfMemoryError(error);
      size = Math.ceil(size / 2);
      continue;
    }
    batches++;
    if (!Array.isArray(out) || out.length !== batch.length) throw new BatchResultMismatchError(batch.length, Array.isArray(out) ? out.length : 0);
    for (const r of out) results.push(r);
    offset += batch.length;
    onProgress?.({ done: offset, total: items.length, batches, batchSize: size });
  }
  return results;
}
