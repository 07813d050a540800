import { LRUCache } from "lru-cache";
import { functionOrMethodWrapper, isThenable, type AnyFunction, type FunctionOrMethodWrapper } from "../perf/method-wrapper";
import { CacheRegistry } from "./cache-registry";
import { stableHash } from "./stable-hash";

/** Options of a {@link ResultCache} and of {@link cacheResult}. */
export interface ResultCacheOptions {
  /**
   * Name in the result-cache registry and in metrics.
   * @defaultValue the wrapped function's name (`Class.method` for a decorated method)
   */
  name?: string;
  /**
   * Most results kept; the least recently used goes first.
   * @defaultValue `1000`
   */
  maxSize?: number;
  /**
   * Milliseconds a result stays valid; `0` keeps it until evicted.
   * @defaultValue `0`
   */
  ttl?: number;
  /**
   * Cache key of a call, given its arguments (and `this`). Use it for large inputs, e.g. a
   * file fingerprint instead of the file's bytes, and for methods whose result depends on the
   * instance: a decorated method's cache is shared by all instances.
   * @defaultValue a stable hash of the arguments ({@link stableHash})
   */
  key?: (this: never, ...args: never[]) => string;
  /**
   * Lists the cache in {@link getResultCacheRegistry}.
   * @defaultValue `true`
   */
  register?: boolean;
}

/** Counters of a {@link ResultCache}. */
export interface ResultCacheStats {
  name: string;
  hits: number;
  misses: number;
  /** Calls that joined a computation already in progress for the same key (not counted as hits). */
  coalesced: number;
  evictions: number;
  expirations: number;
  /** Calls whose computation threw or rejected (never cached). */
  errors: number;
  size: number;
  maxSize: number;
  ttl: number;
  inFlight: number;
}

interface Stored {
  value: unknown;
  async: boolean;
}

const registry = new CacheRegistry<ResultCache>();

/** Every live {@link ResultCache} that registered itself (the default). */
export function getResultCacheRegistry(): CacheRegistry<ResultCache> {
  return registry;
}

/**
 * Memoises calls on top of `lru-cache`: bounded size, optional TTL, async-aware (concurrent
 * calls with one key share one computation; rejections and throws are not cached).
 */
export class ResultCache {
  readonly name: string;
  readonly maxSize: number;
  readonly ttl: number;
  private readonly keyOf: (thisArg: unknown, args: unknown[]) => string;
  private readonly lru: LRUCache<string, Stored>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bumped by clear(): a computation started before it must not repopulate the cache. */
  private generation = 0;
  private counters = { hits: 0, misses: 0, coalesced: 0, evictions: 0, expirations: 0, errors: 0 };
  private readonly registered: boolean;

  constructor(options: ResultCacheOptions = {}) {
    const { maxSize = 1000, ttl = 0, key, register = true } = options;
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`result cache maxSize must be an integer >= 1, got ${maxSize}`);
    if (!(ttl >= 0) || !Number.isFinite(ttl)) throw new RangeError(`result cache ttl must be a finite number of milliseconds >= 0, got ${ttl}`);
    this.maxSize = maxSize;
    this.ttl = ttl;
    this.keyOf = key ? (thisArg, args) => (key as (this: unknown, ...a: unknown[]) => string).apply(thisArg, args) : (_t, args) => stableHash(args);
    this.lru = new LRUCache<string, Stored>({
      max: maxSize,
      ...(ttl > 0 ? { ttl } : {}),
      // Date.now rather than performance.now, so that fake timers in tests move TTLs too.
      perf: { now: () => Date.now() },
      dispose: (_value, _key, reason) => {
        if (reason === "evict") this.counters.evictions++;
        else if (reason === "expire") this.counters.expirations++;
      },
    });
    this.registered = register;
    this.name = register ? registry.uniqueName(options.name ?? "results") : (options.name ?? "results");
    if (register) registry.register(this);
  }

  /** Calls `fn` with `args` (and `thisArg`) unless a result for the same key is cached or in progress. */
  call<R>(fn: (...args: never[]) => R, thisArg: unknown, args: unknown[]): R {
    const key = this.keyOf(thisArg, args);
    const stored = this.lru.get(key);
    if (stored !== undefined) {
      this.counters.hits++;
      return (stored.async ? Promise.resolve(stored.value) : stored.value) as R;
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      this.counters.coalesced++;
      return pending as R;
    }
    this.counters.misses++;
    const generation = this.generation;
    let result: unknown;
    try {
      result = (fn as (...a: unknown[]) => unknown).apply(thisArg, args);
    } catch (error) {
      this.counters.errors++;
      throw error;
    }
    if (!isThenable(result)) {
      this.lru.set(key, { value: result, async: false });
      return result as R;
    }
    const shared: Promise<unknown> = Promise.resolve(result).then(
      (value) => {
        this.inFlight.delete(key);
        if (generation === this.generation) this.lru.set(key, { value, async: true });
        return value;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        this.counters.errors++;
        throw error;
      },
    );
    this.inFlight.set(key, shared);
    return shared as R;
  }

  /** `fn` with its calls memoised in this cache. */
  wrap<F extends AnyFunction>(fn: F): F {
    const call = (thisArg: unknown, args: unknown[]): unknown => this.call(fn, thisArg, args);
    const wrapped = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      return call(this, args) as ReturnType<F>;
    } as F;
    cachesByFunction.set(wrapped, this);
    return wrapped;
  }

  /** Drops one key; true when it was cached. */
  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  /** Drops every cached result; computations in progress finish but are not stored. */
  clear(): void {
    this.generation++;
    this.lru.clear();
  }

  /** Current counters. */
  stats(): ResultCacheStats {
    this.lru.purgeStale();
    return { name: this.name, ...this.counters, size: this.lru.size, maxSize: this.maxSize, ttl: this.ttl, inFlight: this.inFlight.size };
  }

  /** Zeroes the counters (cached results stay). */
  resetStats(): void {
    this.counters = { hits: 0, misses: 0, coalesced: 0, evictions: 0, expirations: 0, errors: 0 };
  }

  /** Clears the cache and leaves the registry. */
  dispose(): void {
    this.clear();
    if (this.registered) registry.unregister(this);
  }
}

const cachesByFunction = new WeakMap<AnyFunction, ResultCache>();

/** The cache behind a function made by {@link cacheResult} or {@link ResultCache.wrap}. */
export function getResultCache(fn: AnyFunction): ResultCache | undefined {
  return cachesByFunction.get(fn);
}

/**
 * Memoises a function (`cacheResult(opts)(fn)`) or a method (`@cacheResult(opts)`), each with its
 * own {@link ResultCache}, registered under `opts.name` or the function's name.
 *
 * @example
 * const features = cacheResult({ maxSize: 100, ttl: 3_600_000, key: (file: string) => fingerprint(file) })(extractFeatures);
 * class Scorer { @cacheResult({ maxSize: 50 }) async score(window: number[]) { ... } }
 */
export function cacheResult(options: ResultCacheOptions = {}): FunctionOrMethodWrapper {
  return functionOrMethodWrapper(<F extends AnyFunction>(fn: F, name: string): F => new ResultCache({ ...options, name: options.name ?? name }).wrap(fn));
}
