export { batchProcess } from "./batch-process";
export type { BatchProcessOptions, BatchInfo, BatchProgress } from "./batch-process";
export { autoBatchSize, availableMemoryBytes, isOutOfMemoryError } from "./batch-size";
export type { AutoBatchSizeOptions } from "./batch-size";
export { DynamicBatcher, getBatcherRegistry } from "./dynamic-batcher";
export type { DynamicBatcherOptions, DynamicBatcherStats, SubmitOptions } from "./dynamic-batcher";
export * from "./errors";
