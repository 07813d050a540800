import { performance } from "node:perf_hooks";
import { Histogram, type HistogramSnapshot } from "../perf/histogram";
import { CacheRegistry } from "./cache-registry";

/** Handed to a {@link ModelLoader}: lets it report how many bytes the model holds. */
export interface ModelLoadContext {
  /** Key being loaded. */
  readonly key: string;
  /** Declares the model's resident size, counted against {@link ModelCacheOptions.maxBytes}. */
  setBytes(bytes: number): void;
}

/** Loads one model; called at most once per key at a time (single flight). */
export type ModelLoader<T> = (context: ModelLoadContext) => T | Promise<T>;

/** Options of a {@link ModelCache}. */
export interface ModelCacheOptions<T> {
  /**
   * Name in the model-cache registry and in metrics.
   * @defaultValue `"models"`
   */
  name?: string;
  /**
   * Most models resident at once; the least recently used goes first.
   * @defaultValue `1` (one model in memory, as production runs)
   */
  maxModels?: number;
  /**
   * Most bytes resident at once (as reported by loaders through `setBytes`). A single model larger
   * than this is still kept: there is nothing else to evict.
   * @defaultValue `Infinity`
   */
  maxBytes?: number;
  /**
   * Evicts a model unused for this long (no `get`, no run in flight); `0` turns it off.
   * @defaultValue `0`
   */
  idleTimeoutMs?: number;
  /**
   * Frees an evicted model. Never called while a run on it is in flight.
   * @defaultValue calls `model.release()` when the model has such a method (onnxruntime sessions do)
   */
  release?: (model: T, key: string) => void | Promise<void>;
  /**
   * Lists the cache in {@link getModelCacheRegistry} so `optimizeMemory()` and metrics see it.
   * @defaultValue `true`
   */
  register?: boolean;
  /**
   * Where the cache's models run (`"cpu"`, `"cuda"`), as the owner resolved it when creating the
   * cache; reported in {@link ModelCacheStats.executionProviders} so that operators can read it
   * before anything has loaded. The cache itself does nothing with it.
   * @defaultValue unset (stats report none)
   */
  executionProvider?: string;
}

/** A model borrowed from the cache; it is not released before {@link ModelLease.release}. */
export interface ModelLease<T> {
  readonly model: T;
  /** Returns the model to the cache; idempotent. */
  release(): void;
}

/** One resident model as seen in {@link ModelCacheStats}. */
export interface ResidentModelStats {
  key: string;
  bytes: number;
  loadMs: number;
  hits: number;
  inFlight: number;
  idleMs: number;
}

/** Counters of a {@link ModelCache}. */
export interface ModelCacheStats {
  name: string;
  hits: number;
  /** Gets that found no resident model (including those that joined a load in progress). */
  misses: number;
  loads: number;
  loadFailures: number;
  /** Total time spent in successful loads. */
  loadTimeMs: number;
  evictions: number;
  residentModels: number;
  residentBytes: number;
  /** Evicted models whose release waits for their runs to finish. */
  pendingReleases: number;
  models: ResidentModelStats[];
  /** Load durations, for the `gma_model_load_duration_seconds` histogram. */
  loadDurations: HistogramSnapshot;
  /**
   * Where the models run ({@link ModelCacheOptions.executionProvider}): one entry for a cache
   * that says, none for one that does not; merged snapshots list each distinct one.
   */
  executionProviders: string[];
}

interface Entry<T> {
  key: string;
  model: T;
  bytes: number;
  loadMs: number;
  hits: number;
  inFlight: number;
  lastUsed: number;
  evicted: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

const registry = new CacheRegistry<ModelCache<unknown>>();

/** Every live {@link ModelCache} that registered itself (the default). */
export function getModelCacheRegistry(): CacheRegistry<ModelCache<unknown>> {
  return registry;
}

function defaultRelease(model: unknown): void | Promise<void> {
  const release = (model as { release?: unknown } | null)?.release;
  if (typeof release === "function") return (release as () => void | Promise<void>).call(model);
}

/**
 * Loads models lazily and keeps a bounded set resident (Triton's model control, in one process).
 *
 * - Concurrent `get`s of a key that is loading share that one load; a failed load is not cached
 *   and every waiter gets its error.
 * - Bounded by count and bytes, least recently used out first, plus optional idle eviction.
 * - An evicted model is released only once no run holds it: use {@link ModelCache.withModel}
 *   (or {@link ModelCache.acquire}) around each run.
 */
export class ModelCache<T> {
  readonly name: string;
  private readonly maxModels: number;
  private readonly maxBytes: number;
  private readonly idleTimeoutMs: number;
  private readonly releaseModel: (model: T, key: string) => void | Promise<void>;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<Entry<T>>>();
  private readonly releasing = new Set<Promise<void>>();
  private readonly deferred = new Set<Entry<T>>();
  private readonly loadDurations = new Histogram();
  private counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, loadTimeMs: 0, evictions: 0 };
  private readonly registered: boolean;
  private readonly executionProvider: string | undefined;

  constructor(options: ModelCacheOptions<T> = {}) {
    const { maxModels = 1, maxBytes = Infinity, idleTimeoutMs = 0, release = defaultRelease, register = true } = options;
    if (!Number.isInteger(maxModels) || maxModels < 1) throw new RangeError(`ModelCache maxModels must be an integer >= 1, got ${maxModels}`);
    if (!(maxBytes > 0)) throw new RangeError(`ModelCache maxBytes must be > 0, got ${maxBytes}`);
    if (!(idleTimeoutMs >= 0) || !Number.isFinite(idleTimeoutMs)) throw new RangeError(`ModelCache idleTimeoutMs must be a finite number >= 0, got ${idleTimeoutMs}`);
    this.maxModels = maxModels;
    this.maxBytes = maxBytes;
    this.idleTimeoutMs = idleTimeoutMs;
    this.releaseModel = release;
    this.registered = register;
    this.executionProvider = options.executionProvider;
    this.name = register ? registry.uniqueName(options.name ?? "models") : (options.name ?? "models");
    if (register) registry.register(this as ModelCache<unknown>);
  }

  /**
   * The model under `key`, loading it with `loader` on first use. Fine for a quick look; for a
   * run that must not see its model released mid-way, use {@link ModelCache.withModel}.
   */
  async get(key: string, loader: ModelLoader<T>): Promise<T> {
    return (await this.entry(key, loader)).model;
  }

  /** Borrows the model under `key` (loading it if needed) until the lease is released. */
  async acquire(key: string, loader: ModelLoader<T>): Promise<ModelLease<T>> {
    let entry = await this.entry(key, loader);
    // The check and the increment run in one synchronous step, so no eviction slips between.
    while (entry.evicted) entry = await this.entry(key, loader);
    entry.inFlight++;
    let done = false;
    return {
      model: entry.model,
      release: () => {
        if (done) return;
        done = true;
        this.endRun(entry);
      },
    };
  }

  /** Runs `fn` on the model under `key`; the model cannot be released while `fn` runs. */
  async withModel<R>(key: string, loader: ModelLoader<T>, fn: (model: T) => R | Promise<R>): Promise<R> {
    const lease = await this.acquire(key, loader);
    try {
      return await fn(lease.model);
    } finally {
      lease.release();
    }
  }

  /** Loads the listed models now rather than on first use (subject to the same bounds). */
  async warmUp(models: ReadonlyArray<{ key: string; loader: ModelLoader<T> }>): Promise<void> {
    for (const { key, loader } of models) await this.get(key, loader);
  }

  /** True when `key` is resident. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Evicts `key`; its release waits for runs in flight. True when it was resident. */
  evict(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.evictEntry(entry);
    return true;
  }

  /** Evicts every model with no run in flight that has been unused for at least `minIdleMs`. */
  evictIdle(minIdleMs = 0): string[] {
    const now = Date.now();
    const evicted: string[] = [];
    for (const entry of [...this.entries.values()]) {
      if (entry.inFlight === 0 && now - entry.lastUsed >= minIdleMs) {
        this.evictEntry(entry);
        evicted.push(entry.key);
      }
    }
    return evicted;
  }

  /** Evicts every model (releases wait for runs in flight). */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.evictEntry(entry);
  }

  /** Resolves once every release started so far, deferred ones included, has finished. */
  async settled(): Promise<void> {
    while (this.releasing.size > 0 || this.deferred.size > 0) {
      if (this.releasing.size > 0) await Promise.allSettled([...this.releasing]);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Evicts everything and leaves the registry. */
  async dispose(): Promise<void> {
    this.clear();
    if (this.registered) registry.unregister(this as ModelCache<unknown>);
    await this.settled();
  }

  /** Current counters and resident models. */
  stats(): ModelCacheStats {
    const now = Date.now();
    const models = [...this.entries.values()].map((e) => ({ key: e.key, bytes: e.bytes, loadMs: e.loadMs, hits: e.hits, inFlight: e.inFlight, idleMs: now - e.lastUsed }));
    return {
      name: this.name,
      ...this.counters,
      residentModels: models.length,
      residentBytes: models.reduce((s, m) => s + m.bytes, 0),
      pendingReleases: this.deferred.size,
      models,
      loadDurations: this.loadDurations.snapshot(),
      executionProviders: this.executionProvider === undefined ? [] : [this.executionProvider],
    };
  }

  /** Zeroes the counters (resident models stay). */
  resetStats(): void {
    this.counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, loadTimeMs: 0, evictions: 0 };
    this.loadDurations.reset();
  }

  private async entry(key: string, loader: ModelLoader<T>): Promise<Entry<T>> {
    const resident = this.entries.get(key);
    if (resident !== undefined) {
      this.counters.hits++;
      resident.hits++;
      this.touch(resident);
      return resident;
    }
    this.counters.misses++;
    let pending = this.loading.get(key);
    if (pending === undefined) {
      pending = this.load(key, loader);
      this.loading.set(key, pending);
    }
    const entry = await pending;
    // Between the load settling and this waiter resuming, another key's load may have evicted
    // the entry (and started its release): never hand out a model that is being released.
    if (entry.evicted) return this.entry(key, loader);
    return entry;
  }

  private async load(key: string, loader: ModelLoader<T>): Promise<Entry<T>> {
    let bytes = 0;
    const start = performance.now();
    try {
      const model = await loader({
        key,
        setBytes: (n) => {
          if (!(n >= 0)) throw new RangeError(`model size must be >= 0 bytes, got ${n}`);
          bytes = n;
        },
      });
      const loadMs = performance.now() - start;
      this.counters.loads++;
      this.counters.loadTimeMs += loadMs;
      this.loadDurations.record(loadMs);
      const entry: Entry<T> = { key, model, bytes, loadMs, hits: 0, inFlight: 0, lastUsed: Date.now(), evicted: false, idleTimer: undefined };
      this.entries.set(key, entry);
      this.enforceBounds(entry);
      this.scheduleIdle(entry);
      return entry;
    } catch (error) {
      this.counters.loadFailures++;
      this.loadDurations.record(performance.now() - start, true);
      throw error;
    } finally {
      this.loading.delete(key);
    }
  }

  private touch(entry: Entry<T>): void {
    entry.lastUsed = Date.now();
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
    this.scheduleIdle(entry);
  }

  private endRun(entry: Entry<T>): void {
    entry.inFlight--;
    entry.lastUsed = Date.now();
    if (entry.evicted) {
      if (entry.inFlight === 0 && this.deferred.delete(entry)) this.startRelease(entry);
    } else {
      this.scheduleIdle(entry);
    }
  }

  private enforceBounds(keep: Entry<T>): void {
    let bytes = 0;
    for (const e of this.entries.values()) bytes += e.bytes;
    for (const victim of [...this.entries.values()]) {
      if (this.entries.size <= this.maxModels && bytes <= this.maxBytes) break;
      if (victim === keep) continue;
      bytes -= victim.bytes;
      this.evictEntry(victim);
    }
  }

  private scheduleIdle(entry: Entry<T>): void {
    if (this.idleTimeoutMs === 0 || entry.evicted) return;
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    const wait = Math.max(0, entry.lastUsed + this.idleTimeoutMs - Date.now());
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = undefined;
      if (entry.evicted) return;
      if (entry.inFlight === 0 && Date.now() - entry.lastUsed >= this.idleTimeoutMs) this.evictEntry(entry);
      else if (entry.inFlight === 0) this.scheduleIdle(entry);
      // With a run in flight, endRun reschedules.
    }, wait);
    entry.idleTimer.unref();
  }

  private evictEntry(entry: Entry<T>): void {
    if (entry.evicted) return;
    entry.evicted = true;
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    this.entries.delete(entry.key);
    this.counters.evictions++;
    if (entry.inFlight > 0) this.deferred.add(entry);
    else this.startRelease(entry);
  }

  private startRelease(entry: Entry<T>): void {
    const p = (async () => {
      try {
        await this.releaseModel(entry.model, entry.key);
      } catch (error) {
        // A failed release must not take the process down; it only costs memory.
        process.emitWarning(`model "${entry.key}" in cache "${this.name}" failed to release: ${String(error)}`, "GmaModelCacheWarning");
      }
    })();
    this.releasing.add(p);
    void p.finally(() => this.releasing.delete(p));
  }
}
