export { QueueFullError } from "./queue-full-error";
export { BatchTimeoutError } from "./batch-timeout-error";
export { BatcherClosedError } from "./batcher-closed-error";
export { BatchCancelledError } from "./batch-cancelled-error";
export { BatchOutOfMemoryError } from "./batch-out-of-memory-error";
export { BatchResultMismatchError } from "./batch-result-mismatch-error";
