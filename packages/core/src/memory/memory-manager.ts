import { getModelCacheRegistry } from "../cache/model-cache";
import { getResultCacheRegistry } from "../cache/result-cache";
import { lastGpuMemory, readGpuMemory, type GpuMemory } from "./gpu-memory";
import { readProcessMemory, type ProcessMemory } from "./process-memory";

/** Options of {@link optimizeMemory}. */
export interface OptimizeMemoryOptions {
  /**
   * Evict models with no run in flight that have been unused this long; `false` keeps every model.
   * @defaultValue `0` (every idle model)
   */
  evictModelsIdleForMs?: number | false;
  /**
   * Clear every registered result cache.
   * @defaultValue `true`
   */
  clearResultCaches?: boolean;
  /**
   * Run the garbage collector when the process exposes it (`node --expose-gc`).
   * @defaultValue `true`
   */
  runGc?: boolean;
  /**
   * Read GPU memory with nvidia-smi before and after (skipped where there is no GPU).
   * @defaultValue `true`
   */
  measureGpu?: boolean;
}

/** Memory at one moment: the process's figures plus each GPU's. */
export interface MemoryReading extends ProcessMemory {
  gpus: GpuMemory[];
}

/** What {@link optimizeMemory} did and what it changed. */
export interface OptimizeMemoryReport {
  before: MemoryReading;
  after: MemoryReading;
  /** before - after per figure (negative where memory grew meanwhile). */
  freed: ProcessMemory & { gpuUsedBytes: number };
  /** `cache/key` of each evicted model. */
  evictedModels: string[];
  /** Names of the result caches cleared, and how many entries they held. */
  clearedCaches: Array<{ name: string; entries: number }>;
  gcRan: boolean;
}

async function reading(measureGpu: boolean): Promise<MemoryReading> {
  const gpus = measureGpu ? await readGpuMemory() : lastGpuMemory();
  return { ...readProcessMemory(), gpus };
}

const gpuUsed = (r: MemoryReading): number => r.gpus.reduce((s, g) => s + g.usedBytes, 0);

/**
 * Gives memory back: evicts idle models from every registered model cache, clears the registered
 * result caches, runs the garbage collector where exposed, and reports before and after.
 */
export async function optimizeMemory(options: OptimizeMemoryOptions = {}): Promise<OptimizeMemoryReport> {
  const { evictModelsIdleForMs = 0, clearResultCaches = true, runGc = true, measureGpu = true } = options;
  const before = await reading(measureGpu);
  const evictedModels: string[] = [];
  if (evictModelsIdleForMs !== false) {
    for (const cache of getModelCacheRegistry().list()) {
      for (const key of cache.evictIdle(evictModelsIdleForMs)) evictedModels.push(`${cache.name}/${key}`);
      // Released sessions free native memory only once release() has finished.
      await cache.settled();
    }
  }
  const clearedCaches: Array<{ name: string; entries: number }> = [];
  if (clearResultCaches) {
    for (const cache of getResultCacheRegistry().list()) {
      clearedCaches.push({ name: cache.name, entries: cache.stats().size });
      cache.clear();
    }
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  const gcRan = runGc && typeof gc === "function";
  if (gcRan) gc();
  const after = await reading(measureGpu);
  return {
    before,
    after,
    freed: {
      rss: before.rss - after.rss,
      heapTotal: before.heapTotal - after.heapTotal,
      heapUsed: before.heapUsed - after.heapUsed,
      external: before.external - after.external,
      arrayBuffers: before.arrayBuffers - after.arrayBuffers,
      gpuUsedBytes: gpuUsed(before) - gpuUsed(after),
    },
    evictedModels,
    clearedCaches,
    gcRan,
  };
}
