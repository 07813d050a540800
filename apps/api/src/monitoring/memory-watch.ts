import { MemorySampler, optimizeMemory, type MemorySample, type MemorySamplerOptions } from "@gma/core";
import type { ApiConfig } from "../env";
import type { Logger } from "../logger";

/**
 * Sampler options beyond the configuration. Tests pass `limitBytes` so that pressure does not
 * depend on the machine's memory; production passes none.
 */
export type MemoryWatchOverrides = Pick<MemorySamplerOptions, "limitBytes" | "cooldownMs" | "sampleGpu">;

/**
 * Starts this process's memory sampler (the API's and the worker's alike; `stop()` it on
 * close). It samples every MEMORY_SAMPLE_EVERY_MS, which also keeps the GPU figures of the
 * performance snapshots fresh. With GMA_OPTIMIZATIONS on, a sample at or above
 * MEMORY_PRESSURE_THRESHOLD of the limit runs optimizeMemory (idle models evicted, result caches
 * cleared, GC where exposed; at most once per cooldown) and logs what it freed; off, it only
 * samples.
 */
export function startMemoryWatch(config: Pick<ApiConfig, "optimizations" | "memory">, logger: Logger, overrides: MemoryWatchOverrides = {}): MemorySampler {
  const relieve = async (sample: MemorySample): Promise<void> => {
    const report = await optimizeMemory();
    logger.info("memory pressure relieved", {
      pressure: Number(sample.pressure.toFixed(4)),
      rssBytes: report.before.rss,
      // Negative where memory grew meanwhile (an analysis still running).
      freedBytes: report.freed.rss,
      freedHeapBytes: report.freed.heapUsed,
      evictedModels: report.evictedModels,
      clearedCacheEntries: report.clearedCaches.reduce((n, c) => n + c.entries, 0),
      gcRan: report.gcRan,
    });
  };
  const sampler = new MemorySampler({
    intervalMs: config.memory.sampleEveryMs,
    pressureThreshold: config.optimizations ? config.memory.pressureThreshold : 0,
    onPressure: relieve,
    ...overrides,
  });
  return sampler.start();
}
