import os from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { CacheRegistry } from "../cache/cache-registry";
import { InferenceInstanceError } from "./errors/inference-instance-error";
import { ModelLoadError } from "./errors/model-load-error";
import { SessionPoolClosedError } from "./errors/session-pool-closed-error";

// Resolved apart from `new Worker(...)` so that no bundler mistakes it for a web worker to bundle.
const WORKER_FILE = fileURLToPath(new URL("./session-instance-worker.mjs", import.meta.url));

/** A tensor as it crosses threads: onnxruntime's type name, its data and its shape. */
export interface PoolTensor {
  type: Tensor.Type;
  data: Tensor.DataType;
  dims: readonly number[];
}

/** Options of {@link SessionInstancePool.create}. */
export interface SessionInstancePoolOptions {
  /**
   * Model instances, each an onnxruntime session in its own worker thread (Triton's instance
   * count). Runs go to whichever instance is free, so up to this many run at once.
   * @defaultValue the number of CPUs
   */
  instances?: number;
  /**
   * onnxruntime options of every instance's session. Set `intraOpNumThreads` so that instances x
   * threads fits the cores; {@link instanceSessionOptions} does that from the factory's options.
   * @defaultValue `{}`
   */
  sessionOptions?: InferenceSession.SessionOptions;
  /**
   * Names the pool in errors, stats and the `model` label of its metrics (suffixed `#2`, ... when
   * another registered pool has the name).
   * @defaultValue `"model"`
   */
  name?: string;
  /**
   * Lists the pool in {@link getInstancePoolRegistry}, so that performance snapshots and the
   * Prometheus exposition include it, until `release()`.
   * @defaultValue `true`
   */
  register?: boolean;
}

/** Counters of a {@link SessionInstancePool}. */
export interface SessionInstancePoolStats {
  name: string;
  /** Instances alive now. */
  instances: number;
  /** Runs started on an instance. */
  runs: number;
  /** Runs that failed (onnxruntime errors and instances that died). */
  failed: number;
  /** Runs executing now. */
  busy: number;
  /** Runs waiting for a free instance. */
  queued: number;
  /** Instances started again after their thread died. */
  restarts: number;
  /** Milliseconds the instances spent running, summed over instances (utilisation = computeMs / (instances x wall time)). */
  computeMs: number;
}

const registry = new CacheRegistry<SessionInstancePool>();

/** Every live {@link SessionInstancePool} that registered itself (the default), for metrics. */
export function getInstancePoolRegistry(): CacheRegistry<SessionInstancePool> {
  return registry;
}

interface Job {
  feeds: Record<string, PoolTensor>;
  fetches: readonly string[] | undefined;
  resolve: (outputs: Record<string, PoolTensor>) => void;
  reject: (error: Error) => void;
}

interface Instance {
  worker: Worker;
  /** The job it runs, with the id the worker echoes back and when it was sent. */
  current: { id: number; job: Job; startedAt: number } | undefined;
}

type WorkerMessage =
  | { type: "ready"; inputNames: string[]; outputNames: string[] }
  | { type: "load-error"; message: string }
  | { type: "result"; id: number; outputs: Record<string, PoolTensor> }
  | { type: "run-error"; id: number; message: string };

/**
 * Session options for one of `instances` worker-thread instances: the given options with
 * `intraOpNumThreads` shared out, so that all instances together use about one thread per CPU
 * (at least one each). An explicit thread count other than 0 is kept.
 */
export function instanceSessionOptions(sessionOptions: InferenceSession.SessionOptions, instances: number, cpus = os.availableParallelism()): InferenceSession.SessionOptions {
  const threads = sessionOptions.intraOpNumThreads ?? 0;
  return { ...sessionOptions, intraOpNumThreads: threads > 0 ? threads : Math.max(1, Math.floor(cpus / instances)) };
}

/** Copies a view that does not span its whole buffer, so that cloning it does not copy the rest. */
function ownBuffer(data: Tensor.DataType): Tensor.DataType {
  if (Array.isArray(data)) return data;
  const view = data as ArrayBufferView & { slice(): Tensor.DataType };
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? data : view.slice();
}

/**
 * Model instances in worker threads: `instances` onnxruntime sessions of one model, each in its
 * own thread, running requests in parallel, like Triton's instance groups.
 *
 * Why threads: onnxruntime-node runs a session synchronously on the JavaScript thread that calls
 * `run` (its promise only defers the call), so concurrent runs in one thread take turns and block
 * the event loop while they compute. p3-dynamic-batching measures both on the anomaly model: on
 * the 2-core dev machine two one-thread instances served batched requests 1.1-1.5x faster than
 * one two-thread session, and the calling thread's event loop stalled for at most a few
 * milliseconds instead of tens while four analyses scored. More cores, more instances: a
 * small recurrent model uses many intra-op threads poorly, separate instances well.
 *
 * Inputs are copied to the instance (a view is cut to its own bytes first); outputs are moved
 * back without a copy. A run that onnxruntime rejects fails alone with `INFERENCE_INSTANCE_FAILED`;
 * an instance whose thread dies fails its run the same way and is started again.
 */
export class SessionInstancePool {
  private readonly queue: Job[] = [];
  private readonly alive = new Set<Instance>();
  private readonly idle: Instance[] = [];
  private nextId = 0;
  private closed = false;
  private drained: (() => void) | undefined;
  private releasing: Promise<void> | undefined;
  /** Replacement instances still loading. */
  private restarting = 0;
  private counters = { runs: 0, failed: 0, restarts: 0, computeMs: 0 };
  private registered = false;

  private constructor(
    private readonly model: string | Uint8Array,
    private readonly sessionOptions: InferenceSession.SessionOptions,
    /** Names the pool in errors and stats. */
    readonly name: string,
    /** The model's input names, in order. */
    readonly inputNames: readonly string[],
    /** The model's output names, in order. */
    readonly outputNames: readonly string[],
  ) {}

  /**
   * Starts the instances and loads the model into each; resolves once all are ready. A model that
   * cannot load fails with `MODEL_LOAD_FAILED` and leaves no thread running.
   */
  static async create(model: string | Uint8Array, options: SessionInstancePoolOptions = {}): Promise<SessionInstancePool> {
    const { instances = os.availableParallelism(), sessionOptions = {}, register = true } = options;
    const name = register ? registry.uniqueName(options.name ?? "model") : (options.name ?? "model");
    if (!Number.isInteger(instances) || instances < 1) throw new RangeError(`instances must be an integer >= 1, got ${instances}`);
    const label = typeof model === "string" ? `"${model}"` : `(${model.byteLength} bytes)`;
    const started = await Promise.allSettled(Array.from({ length: instances }, () => startInstance(model, sessionOptions)));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    const ready = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    if (failure) {
      await Promise.all(ready.map((r) => r.instance.worker.terminate()));
      throw new ModelLoadError(label, failure.reason);
    }
    const first = ready[0]!;
    const pool = new SessionInstancePool(model, sessionOptions, name, first.inputNames, first.outputNames);
    for (const r of ready) pool.adopt(r.instance);
    if (register) {
      registry.register(pool);
      pool.registered = true;
    }
    return pool;
  }

  /** Instances alive now. */
  get instances(): number {
    return this.alive.size;
  }

  /**
   * Runs the model on the first free instance. `fetches` names the outputs wanted (onnxruntime
   * then skips the nodes that only feed the others); all outputs when absent.
   */
  run(feeds: Record<string, PoolTensor>, fetches?: readonly string[]): Promise<Record<string, PoolTensor>> {
    if (this.closed) return Promise.reject(new SessionPoolClosedError(this.name));
    if (this.alive.size === 0 && this.restarting === 0) return Promise.reject(new InferenceInstanceError(`no instance of "${this.name}" is alive: every restart failed`));
    return new Promise((resolve, reject) => {
      const own: Record<string, PoolTensor> = {};
      for (const [k, t] of Object.entries(feeds)) own[k] = { type: t.type, data: ownBuffer(t.data), dims: [...t.dims] };
      this.queue.push({ feeds: own, fetches, resolve, reject });
      this.pump();
    });
  }

  /** Counters since creation. */
  stats(): SessionInstancePoolStats {
    return { name: this.name, instances: this.alive.size, ...this.counters, busy: this.busy(), queued: this.queue.length };
  }

  /** Instances running a request now. */
  private busy(): number {
    let n = 0;
    for (const i of this.alive) if (i.current) n++;
    return n;
  }

  /**
   * Refuses new runs, lets queued and running ones finish, then releases every session and ends
   * the threads. Idempotent.
   */
  release(): Promise<void> {
    this.releasing ??= (async () => {
      this.closed = true;
      if (this.queue.length > 0 || this.busy() > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await Promise.all([...this.alive].map((i) => this.stop(i)));
      if (this.registered) registry.unregister(this);
    })();
    return this.releasing;
  }

  private adopt(instance: Instance): void {
    this.alive.add(instance);
    instance.worker.on("message", (m: WorkerMessage) => this.onMessage(instance, m));
    instance.worker.on("error", () => undefined); // the exit that follows carries the failure
    instance.worker.once("exit", (code) => this.onExit(instance, code));
    this.idle.push(instance);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      // The instance that finished last goes first: a single stream of runs stays on one
      // instance, whose threads are warm, while the others sleep instead of spinning.
      const instance = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      instance.current = { id, job, startedAt: performance.now() };
      this.counters.runs++;
      try {
        instance.worker.postMessage({ type: "run", id, feeds: job.feeds, fetches: job.fetches });
      } catch (cause) {
        instance.current = undefined;
        this.idle.push(instance);
        this.counters.failed++;
        job.reject(new InferenceInstanceError(`could not send the inputs to an instance of "${this.name}": ${String(cause)}`, { cause }));
      }
    }
    if (this.closed && this.queue.length === 0 && this.busy() === 0) this.drained?.();
  }

  private onMessage(instance: Instance, m: WorkerMessage): void {
    if (m.type !== "result" && m.type !== "run-error") return;
    const current = instance.current;
    if (!current || current.id !== m.id) return;
    instance.current = undefined;
    this.counters.computeMs += performance.now() - current.startedAt;
    this.idle.push(instance);
    if (m.type === "result") current.job.resolve(m.outputs);
    else {
      this.counters.failed++;
      current.job.reject(new InferenceInstanceError(`"${this.name}" could not run: ${m.message}`));
    }
    this.pump();
  }

  private onExit(instance: Instance, code: number): void {
    this.alive.delete(instance);
    const at = this.idle.indexOf(instance);
    if (at >= 0) this.idle.splice(at, 1);
    const current = instance.current;
    instance.current = undefined;
    if (current) {
      this.counters.failed++;
      current.job.reject(new InferenceInstanceError(`an instance of "${this.name}" stopped (exit code ${code}) while it ran this request`));
    }
    if (this.closed) {
      if (this.alive.size === 0) this.failQueued(`every instance of "${this.name}" stopped while it was being released`);
      this.pump();
      return;
    }
    // An instance that died is replaced, so one crash does not shrink the pool for good.
    this.restarting++;
    startInstance(this.model, this.sessionOptions).then(
      (r) => {
        this.restarting--;
        this.counters.restarts++;
        if (this.closed) void r.instance.worker.terminate();
        else this.adopt(r.instance);
      },
      () => {
        this.restarting--;
        if (this.alive.size === 0 && this.restarting === 0) this.failQueued(`every instance of "${this.name}" stopped and none could be started again`);
      },
    );
  }

  private failQueued(message: string): void {
    for (const job of this.queue.splice(0)) {
      this.counters.failed++;
      job.reject(new InferenceInstanceError(message));
    }
  }

  private async stop(instance: Instance): Promise<void> {
    if (!this.alive.has(instance)) return;
    const exited = new Promise<void>((resolve) => instance.worker.once("exit", () => resolve()));
    instance.worker.postMessage({ type: "release" });
    // A thread that does not end on its own within 5 s is ended.
    const timer = setTimeout(() => void instance.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts one worker thread and waits until its session has loaded. */
function startInstance(model: string | Uint8Array, sessionOptions: InferenceSession.SessionOptions): Promise<{ instance: Instance; inputNames: string[]; outputNames: string[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { model, sessionOptions } });
    // Only these listeners come off again: removeAllListeners() would also take Node's own
    // message plumbing off the worker, and no later message would arrive.
    const detach = () => {
      worker.off("message", onFirst);
      worker.off("error", fail);
      worker.off("exit", onEarlyExit);
    };
    const fail = (error: Error) => {
      detach();
      void worker.terminate();
      reject(error);
    };
    const onFirst = (m: WorkerMessage) => {
      detach();
      if (m.type === "ready") resolve({ instance: { worker, current: undefined }, inputNames: m.inputNames, outputNames: m.outputNames });
      else fail(new Error(m.type === "load-error" ? m.message : `unexpected first message ${m.type}`));
    };
    const onEarlyExit = (code: number) => fail(new Error(`the instance thread exited with code ${code} before its model loaded`));
    worker.once("message", onFirst);
    worker.once("error", fail);
    worker.once("exit", onEarlyExit);
  });
}
