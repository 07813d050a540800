import os from "node:os";
import { getModelCacheRegistry, type ModelCacheStats } from "../cache/model-cache";
import { getResultCacheRegistry, type ResultCacheStats } from "../cache/result-cache";
import { getBatcherRegistry, type DynamicBatcherStats } from "../batching/dynamic-batcher";
import { getInstancePoolRegistry, type SessionInstancePoolStats } from "../inference/session-instance-pool";
import { lastGpuMemory, type GpuMemory } from "../memory/gpu-memory";
import { readProcessMemory, type ProcessMemory } from "../memory/process-memory";
import { getGaugeRegistry, type GaugeSnapshot } from "./gauge-registry";
import { Histogram, type HistogramSnapshot } from "./histogram";
import { getPerformanceMonitor } from "./performance-monitor";

/** A process a snapshot (or part of a merged one) came from. */
export interface SnapshotSource {
  pid: number;
  host: string;
  /** What the process does (`api`, `worker`, ...), when the caller said. */
  role?: string;
  takenAt: number;
}

/**
 * Every statistic of one process (or several, merged) as plain JSON: it survives
 * `JSON.stringify`, travels between processes and can be stored as history.
 */
export interface PerformanceSnapshot {
  version: 1;
  /** Epoch milliseconds of the latest reading in it. */
  takenAt: number;
  sources: SnapshotSource[];
  /** `timed` histograms by name. */
  timings: Record<string, HistogramSnapshot>;
  modelCaches: Record<string, ModelCacheStats>;
  resultCaches: Record<string, ResultCacheStats>;
  batchers: Record<string, DynamicBatcherStats>;
  /** Worker-thread model instances; absent from snapshots of processes that predate them. */
  instancePools?: Record<string, SessionInstancePoolStats>;
  /** The application's gauges ({@link getGaugeRegistry}); absent from snapshots of processes that predate them. */
  gauges?: Record<string, GaugeSnapshot>;
  memory: {
    /** Summed over the processes merged. */
    process: ProcessMemory;
    /** Per GPU per host (GPU memory is machine-wide, so merging keeps the latest reading per host and GPU). */
    gpus: Array<GpuMemory & { host: string }>;
  };
}

/** Snapshot of this process: timings, every registered cache and batcher, memory (GPU as last read). */
export function getPerformanceSnapshot(options: { role?: string } = {}): PerformanceSnapshot {
  const takenAt = Date.now();
  const host = os.hostname();
  return {
    version: 1,
    takenAt,
    sources: [{ pid: process.pid, host, takenAt, ...(options.role !== undefined ? { role: options.role } : {}) }],
    timings: getPerformanceMonitor().snapshot(),
    modelCaches: getModelCacheRegistry().stats(),
    resultCaches: getResultCacheRegistry().stats(),
    batchers: getBatcherRegistry().stats() as Record<string, DynamicBatcherStats>,
    instancePools: getInstancePoolRegistry().stats(),
    gauges: getGaugeRegistry().stats(),
    memory: { process: readProcessMemory(), gpus: lastGpuMemory().map((g) => ({ ...g, host })) },
  };
}

function mergeHistogram(a: HistogramSnapshot | undefined, b: HistogramSnapshot): HistogramSnapshot {
  return (a ? Histogram.fromSnapshot(a) : new Histogram()).merge(b).snapshot();
}

function sumNumbers<T extends object>(a: T, b: T, skip: ReadonlyArray<keyof T>): T {
  const out = { ...a } as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    if (skip.includes(k as keyof T)) continue;
    if (typeof v === "number" && typeof out[k] === "number") out[k] = (out[k] as number) + v;
  }
  return out as T;
}

function mergeModelCache(a: ModelCacheStats | undefined, b: ModelCacheStats): ModelCacheStats {
  // Snapshots published by processes older than `executionProviders` lack it.
  const providers = (c: ModelCacheStats) => c.executionProviders ?? [];
  if (!a) return { ...structuredClone(b), executionProviders: [...providers(b)] };
  return {
    ...sumNumbers(a, b, []),
    name: a.name,
    models: [...a.models, ...b.models],
    loadDurations: mergeHistogram(a.loadDurations, b.loadDurations),
    executionProviders: [...new Set([...providers(a), ...providers(b)])].sort(),
  };
}

function mergeResultCache(a: ResultCacheStats | undefined, b: ResultCacheStats): ResultCacheStats {
  if (!a) return { ...b };
  // maxSize and ttl are settings, not counters: summing them would be wrong.
  return { ...sumNumbers(a, b, ["maxSize", "ttl"]), name: a.name };
}

function mergeBatcher(a: DynamicBatcherStats | undefined, b: DynamicBatcherStats): DynamicBatcherStats {
  if (!a) return structuredClone(b);
  const sum = sumNumbers(a, b, ["avgBatchSize"]);
  const batchSizes: Record<number, number> = { ...a.batchSizes };
  for (const [size, n] of Object.entries(b.batchSizes)) batchSizes[Number(size)] = (batchSizes[Number(size)] ?? 0) + n;
  return {
    ...sum,
    name: a.name,
    avgBatchSize: sum.executions === 0 ? 0 : sum.executedRequests / sum.executions,
    batchSizes,
    queueTime: mergeHistogram(a.queueTime, b.queueTime),
    computeTime: mergeHistogram(a.computeTime, b.computeTime),
    requestTime: mergeHistogram(a.requestTime, b.requestTime),
  };
}

function mergeInstancePool(a: SessionInstancePoolStats | undefined, b: SessionInstancePoolStats): SessionInstancePoolStats {
  return a ? { ...sumNumbers(a, b, []), name: a.name } : { ...b };
}

/** A gauge counts what each process holds now, so the processes together hold the sum. */
function mergeGauge(a: GaugeSnapshot | undefined, b: GaugeSnapshot): GaugeSnapshot {
  return a ? { ...a, value: a.value + b.value } : { ...b };
}

/**
 * Aggregates snapshots of several processes (or of one over time, for totals): counters add,
 * histograms merge bucket by bucket, averages are recomputed from the sums.
 */
export function mergeSnapshots(snapshots: readonly PerformanceSnapshot[]): PerformanceSnapshot {
  const out: PerformanceSnapshot = {
    version: 1,
    takenAt: 0,
    sources: [],
    timings: {},
    modelCaches: {},
    resultCaches: {},
    batchers: {},
    instancePools: {},
    gauges: {},
    memory: { process: { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }, gpus: [] },
  };
  const gpus = new Map<string, { at: number; gpu: GpuMemory & { host: string } }>();
  for (const s of snapshots) {
    if (s.version !== 1) throw new RangeError(`cannot merge a snapshot of version ${String(s.version)}; this code reads version 1`);
    out.takenAt = Math.max(out.takenAt, s.takenAt);
    out.sources.push(...s.sources);
    for (const [name, c] of Object.entries(s.modelCaches)) out.modelCaches[name] = mergeModelCache(out.modelCaches[name], c);
    for (const [name, c] of Object.entries(s.resultCaches)) out.resultCaches[name] = mergeResultCache(out.resultCaches[name], c);
    for (const [name, b] of Object.entries(s.batchers)) out.batchers[name] = mergeBatcher(out.batchers[name], b);
    for (const [name, p] of Object.entries(s.instancePools ?? {})) out.instancePools![name] = mergeInstancePool(out.instancePools![name], p);
    for (const [name, g] of Object.entries(s.gauges ?? {})) out.gauges![name] = mergeGauge(out.gauges![name], g);
    out.memory.process = sumNumbers(out.memory.process, s.memory.process, []);
    for (const g of s.memory.gpus) {
      const key = `${g.host}/${g.index}`;
      const seen = gpus.get(key);
      if (!seen || seen.at <= s.takenAt) gpus.set(key, { at: s.takenAt, gpu: g });
    }
  }
  out.memory.gpus = [...gpus.values()].map((v) => v.gpu);
  out.timings = mergeTimings(snapshots.map((s) => s.timings));
  return out;
}

/**
 * The `timings` of several snapshots merged, histogram by histogram: what
 * {@link mergeSnapshots} does for timings alone, for callers that need nothing else.
 */
export function mergeTimings(timings: ReadonlyArray<Record<string, HistogramSnapshot>>): Record<string, HistogramSnapshot> {
  const out: Record<string, HistogramSnapshot> = {};
  for (const t of timings) for (const [name, h] of Object.entries(t)) out[name] = mergeHistogram(out[name], h);
  return out;
}
