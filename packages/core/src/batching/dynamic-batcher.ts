import { performance } from "node:perf_hooks";
import { CacheRegistry } from "../cache/cache-registry";
import { Histogram, type HistogramSnapshot } from "../perf/histogram";
import { BatchCancelledError } from "./errors/batch-cancelled-error";
import { BatchResultMismatchError } from "./errors/batch-result-mismatch-error";
import { BatchTimeoutError } from "./errors/batch-timeout-error";
import { BatcherClosedError } from "./errors/batcher-closed-error";
import { QueueFullError } from "./errors/queue-full-error";

/** Options of a {@link DynamicBatcher}. */
export interface DynamicBatcherOptions<I, O> {
  /** Runs one batch; must return one output per input, in order. */
  execute: (inputs: I[]) => O[] | Promise<O[]>;
  /**
   * Name in the batcher registry and the `model` label of the inference metrics.
   * @defaultValue `"batcher"`
   */
  name?: string;
  /**
   * Most requests in one execution.
   * @defaultValue `32`
   */
  maxBatchSize?: number;
  /**
   * How long the oldest request may wait for others to join its batch. `0` (Triton's default)
   * sends whatever is queued as soon as an execution slot is free: under load, requests gather
   * while the previous batch runs.
   * @defaultValue `0`
   */
  maxQueueDelayMs?: number;
  /**
   * Batch sizes to send as soon as they can be formed, largest first (Triton's
   * `preferred_batch_size`), for models that run faster at certain sizes.
   * @defaultValue `[]`
   */
  preferredBatchSizes?: number[];
  /**
   * Most requests waiting; beyond it `submit` rejects at once with `BATCH_QUEUE_FULL`.
   * @defaultValue `1024`
   */
  maxQueueSize?: number;
  /**
   * Per-request limit from submission to result; `0` for none. `submit` can override it.
   * @defaultValue `0`
   */
  timeoutMs?: number;
  /**
   * Executions allowed to run at once (Triton's instance count). They only compute in parallel
   * when `execute` hands them to separate threads: onnxruntime-node runs a session on the thread
   * that calls it, so give each execution its own instance of a `SessionInstancePool`.
   * @defaultValue `1`
   */
  maxConcurrentBatches?: number;
  /**
   * With several execution slots free, share what is sent out evenly among them (each batch still
   * at most `maxBatchSize`, and at least `maxBatchSize / maxConcurrentBatches`) rather than filling
   * one batch first: 64 requests, a maximum of 64 and 2 free instances make two batches of 32
   * that run side by side, not one of 64 while the other instance idles. Closed-loop clients need
   * it most: they all wait on the batch they are in, so one full batch would hold every client
   * and leave the other instances idle for good. Batches then need not be of a preferred size.
   * @defaultValue `true`
   */
  spreadAcrossSlots?: boolean;
  /**
   * Lists the batcher in {@link getBatcherRegistry} for metrics.
   * @defaultValue `true`
   */
  register?: boolean;
}

/** Per-request options of {@link DynamicBatcher.submit}. */
export interface SubmitOptions {
  /** Overrides the batcher's `timeoutMs` for this request. */
  timeoutMs?: number;
  /** Withdraws the request while it waits (a running batch is not interrupted; its result is dropped). */
  signal?: AbortSignal;
}

/** Counters of a {@link DynamicBatcher}. */
export interface DynamicBatcherStats {
  name: string;
  /** Requests accepted into the queue. */
  requests: number;
  /** Requests refused because the queue was full. */
  rejected: number;
  succeeded: number;
  /** Requests whose batch failed. */
  failed: number;
  timedOut: number;
  cancelled: number;
  /** Batches executed. */
  executions: number;
  /** Requests sent to executions. */
  executedRequests: number;
  /** executedRequests / executions. */
  avgBatchSize: number;
  /** Requests waiting now. */
  queued: number;
  /** Executions running now. */
  running: number;
  /** How many executions had each batch size. */
  batchSizes: Record<number, number>;
  /** Time from submission to the start of the request's execution. */
  queueTime: HistogramSnapshot;
  /** Duration of each execution. */
  computeTime: HistogramSnapshot;
  /** Time from submission to result, for successful requests. */
  requestTime: HistogramSnapshot;
}

interface Request<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
  enqueuedAt: number;
  settled: boolean;
  queued: boolean;
  cleanup: () => void;
}

const registry = new CacheRegistry<DynamicBatcher<unknown, unknown>>();

/** Every live {@link DynamicBatcher} that registered itself (the default). */
export function getBatcherRegistry(): CacheRegistry<DynamicBatcher<unknown, unknown>> {
  return registry;
}

/**
 * Triton-style dynamic batching inside one process: concurrent `submit` calls are gathered into
 * executions of up to `maxBatchSize`, waiting at most `maxQueueDelayMs` for a batch to fill.
 * Each caller gets its own output; a failing execution fails only its own requests; a full
 * queue rejects at once (backpressure) rather than growing without bound.
 */
export class DynamicBatcher<I, O> {
  readonly name: string;
  private readonly execute: (inputs: I[]) => O[] | Promise<O[]>;
  private readonly maxBatchSize: number;
  private readonly maxQueueDelayMs: number;
  private readonly preferred: number[];
  private readonly maxQueueSize: number;
  private readonly timeoutMs: number;
  private readonly maxConcurrent: number;
  private readonly spread: boolean;
  private readonly registered: boolean;
  private readonly queue: Array<Request<I, O>> = [];
  private running = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly idleWaiters: Array<() => void> = [];
  private counters = { requests: 0, rejected: 0, succeeded: 0, failed: 0, timedOut: 0, cancelled: 0, executions: 0, executedRequests: 0 };
  private batchSizes: Record<number, number> = {};
  private readonly queueTime = new Histogram();
  private readonly computeTime = new Histogram();
  private readonly requestTime = new Histogram();

  constructor(options: DynamicBatcherOptions<I, O>) {
    const { execute, maxBatchSize = 32, maxQueueDelayMs = 0, preferredBatchSizes = [], maxQueueSize = 1024, timeoutMs = 0, maxConcurrentBatches = 1, register = true } = options;
    if (typeof execute !== "function") throw new TypeError("DynamicBatcher needs an execute function");
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new RangeError(`maxBatchSize must be an integer >= 1, got ${maxBatchSize}`);
    if (!(maxQueueDelayMs >= 0) || !Number.isFinite(maxQueueDelayMs)) throw new RangeError(`maxQueueDelayMs must be a finite number >= 0, got ${maxQueueDelayMs}`);
    for (const p of preferredBatchSizes) {
      if (!Number.isInteger(p) || p < 1 || p > maxBatchSize) throw new RangeError(`preferred batch sizes must be integers in 1..maxBatchSize (${maxBatchSize}), got ${p}`);
    }
    if (!Number.isInteger(maxQueueSize) || maxQueueSize < 1) throw new RangeError(`maxQueueSize must be an integer >= 1, got ${maxQueueSize}`);
    if (!(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be >= 0 (0 = no timeout), got ${timeoutMs}`);
    if (!Number.isInteger(maxConcurrentBatches) || maxConcurrentBatches < 1) throw new RangeError(`maxConcurrentBatches must be an integer >= 1, got ${maxConcurrentBatches}`);
    this.execute = execute;
    this.maxBatchSize = maxBatchSize;
    this.maxQueueDelayMs = maxQueueDelayMs;
    this.preferred = [...new Set(preferredBatchSizes)].sort((a, b) => b - a);
    this.maxQueueSize = maxQueueSize;
    this.timeoutMs = timeoutMs;
    this.maxConcurrent = maxConcurrentBatches;
    this.spread = options.spreadAcrossSlots ?? true;
    this.registered = register;
    this.name = register ? registry.uniqueName(options.name ?? "batcher") : (options.name ?? "batcher");
    if (register) registry.register(this as DynamicBatcher<unknown, unknown>);
  }

  /** Queues one input; resolves with its output once the batch holding it has run. */
  submit(input: I, options: SubmitOptions = {}): Promise<O> {
    if (this.closed) return Promise.reject(new BatcherClosedError(this.name));
    if (this.queue.length >= this.maxQueueSize) {
      this.counters.rejected++;
      return Promise.reject(new QueueFullError(this.name, this.maxQueueSize));
    }
    const { signal, timeoutMs = this.timeoutMs } = options;
    if (signal?.aborted) {
      this.counters.cancelled++;
      return Promise.reject(new BatchCancelledError(`the request to "${this.name}"`, signal.reason));
    }
    return new Promise<O>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => this.fail(request, new BatchCancelledError(`the request to "${this.name}"`, signal?.reason), "cancelled");
      const request: Request<I, O> = {
        input,
        resolve,
        reject,
        enqueuedAt: performance.now(),
        settled: false,
        queued: true,
        cleanup: () => {
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        },
      };
      if (timeoutMs > 0) timer = setTimeout(() => this.fail(request, new BatchTimeoutError(this.name, timeoutMs), "timedOut"), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.counters.requests++;
      this.queue.push(request);
      this.schedule();
    });
  }

  /**
   * Stops taking requests. With `drain` (the default) queued requests still run; without it they
   * reject with `BATCHER_CLOSED`. Resolves when no execution is running.
   */
  async close(options: { drain?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (options.drain === false) {
      for (const r of [...this.queue]) this.fail(r, new BatcherClosedError(this.name), undefined);
    }
    this.schedule();
    await this.idle();
    if (this.registered) registry.unregister(this as DynamicBatcher<unknown, unknown>);
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Current counters. */
  stats(): DynamicBatcherStats {
    const c = this.counters;
    return {
      name: this.name,
      ...c,
      avgBatchSize: c.executions === 0 ? 0 : c.executedRequests / c.executions,
      queued: this.queue.length,
      running: this.running,
      batchSizes: { ...this.batchSizes },
      queueTime: this.queueTime.snapshot(),
      computeTime: this.computeTime.snapshot(),
      requestTime: this.requestTime.snapshot(),
    };
  }

  /** Zeroes the counters. */
  resetStats(): void {
    this.counters = { requests: 0, rejected: 0, succeeded: 0, failed: 0, timedOut: 0, cancelled: 0, executions: 0, executedRequests: 0 };
    this.batchSizes = {};
    this.queueTime.reset();
    this.computeTime.reset();
    this.requestTime.reset();
  }

  /** Runs the dispatch on a later turn so that requests submitted in the same turn share a batch. */
  private schedule(): void {
    if (this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.running < this.maxConcurrent && this.queue.length > 0) {
      let size = this.nextBatchSize();
      if (size === 0) break;
      if (this.spread) size = this.spreadSize(size);
      this.run(this.queue.splice(0, size));
    }
    this.notifyIdle();
  }

  /**
   * The batch to send when `size` could go at once: an even share over the free slots, in
   * batches of at least maxBatchSize / maxConcurrentBatches, so that spreading never breaks the
   * queue into ever smaller batches (closed-loop clients would otherwise come back in fragments).
   */
  private spreadSize(size: number): number {
    const n = this.queue.length;
    const free = this.maxConcurrent - this.running;
    const least = Math.ceil(this.maxBatchSize / this.maxConcurrent);
    const batches = Math.max(1, Math.min(free, Math.floor(n / least)));
    return Math.min(size, Math.ceil(n / batches));
  }

  /** How many queued requests to send now (0: wait for more, with a timer set). */
  private nextBatchSize(): number {
    const n = this.queue.length;
    if (n >= this.maxBatchSize) return this.maxBatchSize;
    const preferred = this.preferred.find((p) => p <= n);
    if (preferred !== undefined) return preferred;
    const waited = performance.now() - this.queue[0]!.enqueuedAt;
    if (this.closed || waited >= this.maxQueueDelayMs) return n;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dispatch();
    }, Math.ceil(this.maxQueueDelayMs - waited));
    return 0;
  }

  private run(batch: Array<Request<I, O>>): void {
    this.running++;
    const start = performance.now();
    for (const r of batch) {
      r.queued = false;
      this.queueTime.record(start - r.enqueuedAt);
    }
    this.counters.executions++;
    this.counters.executedRequests += batch.length;
    this.batchSizes[batch.length] = (this.batchSizes[batch.length] ?? 0) + 1;
    void (async () => {
      let outputs: O[] | undefined;
      let failure: unknown;
      try {
        outputs = await this.execute(batch.map((r) => r.input));
        if (!Array.isArray(outputs) || outputs.length !== batch.length) throw new BatchResultMismatchError(batch.length, Array.isArray(outputs) ? outputs.length : 0);
      } catch (error) {
        failure = error ?? new Error("batch execution failed");
        outputs = undefined;
      }
      const end = performance.now();
      this.computeTime.record(end - start, outputs === undefined);
      batch.forEach((r, i) => {
        if (outputs === undefined) this.fail(r, failure, "failed");
        else if (!r.settled) {
          r.settled = true;
          r.cleanup();
          this.counters.succeeded++;
          this.requestTime.record(end - r.enqueuedAt);
          r.resolve(outputs[i]!);
        }
      });
      this.running--;
      this.dispatch();
    })();
  }

  private fail(r: Request<I, O>, error: unknown, counter: "failed" | "timedOut" | "cancelled" | undefined): void {
    if (r.settled) return;
    r.settled = true;
    r.cleanup();
    if (r.queued) {
      r.queued = false;
      const i = this.queue.indexOf(r);
      if (i >= 0) this.queue.splice(i, 1);
    }
    if (counter) this.counters[counter]++;
    r.reject(error);
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.queue.length > 0 || this.running > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
