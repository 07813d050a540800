import { Histogram, type HistogramStats, type PerformanceSnapshot, type SnapshotSource } from "@gma/core";
import type { Redis } from "ioredis";

/** Options of {@link SnapshotStore}. */
export interface SnapshotStoreOptions {
  /** Redis key prefix (the queue prefix), so that installations sharing a Redis never mix. */
  prefix: string;
  /** A live snapshot older than this is taken to belong to a process that is gone. */
  liveTtlMs: number;
  /** History entries older than this are dropped. */
  historyRetentionMs: number;
  /**
   * Most history entries kept in all (oldest dropped first), a bound on Redis memory.
   * @defaultValue 50_000
   */
  historyMaxEntries?: number;
  /**
   * How long one read of the live snapshots is shared by later reads, in ms. Processes publish
   * every few seconds, so re-reading Redis on every performance query (the dashboard polls, and
   * the p6 bench hammers it) buys nothing; 0 reads every time.
   * @defaultValue 1000
   */
  liveReadCacheMs?: number;
}

/** One process's figures at one moment, as the history keeps them (summaries, not histograms). */
export interface HistoryEntry {
  takenAt: number;
  source: SnapshotSource;
  /** Per timed function since the process started (or was last reset). */
  functions: Record<string, HistogramStats>;
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

/** Id of a process in the live set: role, host and pid. */
export function sourceIdOf(source: SnapshotSource): string {
  return `${source.role ?? "process"}:${source.host}:${source.pid}`;
}

/** The history's summary of a snapshot of one process. */
export function toHistoryEntry(snapshot: PerformanceSnapshot): HistoryEntry {
  const source = snapshot.sources[0];
  if (!source) throw new RangeError("a snapshot without a source cannot go to the history");
  const functions: Record<string, HistogramStats> = {};
  for (const [name, h] of Object.entries(snapshot.timings)) functions[name] = Histogram.fromSnapshot(h).stats();
  const m = snapshot.memory.process;
  return { takenAt: snapshot.takenAt, source, functions, memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers } };
}

/**
 * Performance snapshots in Redis: the latest one of every live process (one key each with a TTL,
 * indexed by a sorted set), and a bounded, time-ordered history of summaries. Redis rather than
 * the database because every process (API and workers, on any machine) already shares it and
 * the data is disposable.
 */
export class SnapshotStore {
  private readonly maxEntries: number;
  private readonly liveReadCacheMs: number;
  private liveRead: { until: number; snapshots: Promise<PerformanceSnapshot[]> } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: SnapshotStoreOptions,
  ) {
    if (!(options.liveTtlMs > 0)) throw new RangeError(`SnapshotStore: liveTtlMs must be positive, got ${options.liveTtlMs}`);
    if (!(options.historyRetentionMs > 0)) throw new RangeError(`SnapshotStore: historyRetentionMs must be positive, got ${options.historyRetentionMs}`);
    this.maxEntries = options.historyMaxEntries ?? 50_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError(`SnapshotStore: historyMaxEntries must be a positive integer, got ${this.maxEntries}`);
    this.liveReadCacheMs = options.liveReadCacheMs ?? 1000;
    if (!(this.liveReadCacheMs >= 0)) throw new RangeError(`SnapshotStore: liveReadCacheMs must be >= 0, got ${this.liveReadCacheMs}`);
  }

  /** Makes the next {@link live} read Redis (after this process changed what others publish, e.g. a stats reset). */
  invalidateLive(): void {
    this.liveRead = undefined;
  }

  private get liveIndex() {
    return `${this.options.prefix}:perf:live`;
  }
  private liveKey(id: string) {
    return `${this.options.prefix}:perf:live:${id}`;
  }
  private get historyKey() {
    return `${this.options.prefix}:perf:history`;
  }

  /** Stores the latest snapshot of one process (its first source). */
  async publishLive(snapshot: PerformanceSnapshot): Promise<void> {
    const source = snapshot.sources[0];
    if (!source) return;
    this.invalidateLive();
    const id = sourceIdOf(source);
    await this.redis
      .multi()
      .set(this.liveKey(id), JSON.stringify(snapshot), "PX", Math.ceil(this.options.liveTtlMs))
      .zadd(this.liveIndex, snapshot.takenAt, id)
      .zremrangebyscore(this.liveIndex, "-inf", Date.now() - this.options.liveTtlMs)
      .exec();
  }

  /** Forgets a process's live snapshot (on shutdown). */
  async removeLive(source: SnapshotSource): Promise<void> {
    const id = sourceIdOf(source);
    this.invalidateLive();
    await this.redis.multi().del(this.liveKey(id)).zrem(this.liveIndex, id).exec();
  }

  /** The latest snapshot of every live process. */
  async live(): Promise<PerformanceSnapshot[]> {
    const now = Date.now();
    if (this.liveRead && now < this.liveRead.until) return this.liveRead.snapshots;
    const read = this.readLive();
    // Concurrent callers share the read in flight; a failed read is not kept.
    this.liveRead = { until: now + this.liveReadCacheMs, snapshots: read };
    read.catch(() => {
      if (this.liveRead?.snapshots === read) this.liveRead = undefined;
    });
    return read;
  }

  private async readLive(): Promise<PerformanceSnapshot[]> {
    const ids = await this.redis.zrangebyscore(this.liveIndex, Date.now() - this.options.liveTtlMs, "+inf");
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.liveKey(id)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as PerformanceSnapshot);
  }

  /** Appends a process's summary to the history and drops what is past retention. */
  async appendHistory(snapshot: PerformanceSnapshot): Promise<void> {
    const entry = toHistoryEntry(snapshot);
    await this.redis
      .multi()
      .zadd(this.historyKey, entry.takenAt, JSON.stringify(entry))
      .zremrangebyscore(this.historyKey, "-inf", Date.now() - this.options.historyRetentionMs)
      .zremrangebyrank(this.historyKey, 0, -this.maxEntries - 1)
      .exec();
  }

  /** History entries taken in [from, to], oldest first, at most `limit` (the newest ones). */
  async history(from: number, to: number, limit: number): Promise<HistoryEntry[]> {
    const raw = await this.redis.zrevrangebyscore(this.historyKey, to, from, "LIMIT", 0, limit);
    return raw.map((v) => JSON.parse(v) as HistoryEntry).reverse();
  }
}
