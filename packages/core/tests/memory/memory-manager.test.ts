import { afterEach, describe, expect, it } from "vitest";
import { ModelCache, ResultCache } from "../../src/cache";
import { MemorySampler, optimizeMemory, parseNvidiaSmi, readSystemMemory } from "../../src/memory";

const owned: Array<{ dispose(): unknown }> = [];
afterEach(async () => {
  for (const o of owned.splice(0)) await o.dispose();
});

describe("optimizeMemory", () => {
  it("evicts idle models, keeps models in use, clears result caches and reports before and after", async () => {
    const tag = Math.random().toString(36).slice(2);
    const released: string[] = [];
    const models = new ModelCache<{ id: string }>({ name: `mm-${tag}`, maxModels: 3, release: (m) => void released.push(m.id) });
    const results = new ResultCache({ name: `mr-${tag}` });
    owned.push(models, results);
    await models.get("idle", () => ({ id: "idle" }));
    const lease = await models.acquire("busy", () => ({ id: "busy" }));
    const big = results.wrap((n: number) => new Float64Array(n));
    big(100_000);
    big(200_000);

    const report = await optimizeMemory({ measureGpu: false });
    expect(report.evictedModels).toContain(`mm-${tag}/idle`);
    expect(report.evictedModels).not.toContain(`mm-${tag}/busy`);
    expect(released).toEqual(["idle"]);
    expect(report.clearedCaches).toContainEqual({ name: `mr-${tag}`, entries: 2 });
    expect(results.stats().size).toBe(0);
    for (const k of ["rss", "heapUsed", "external", "arrayBuffers"] as const) {
      expect(report.before[k]).toBeGreaterThan(0);
      expect(report.freed[k]).toBe(report.before[k] - report.after[k]);
    }
    expect(report.gcRan).toBe(typeof (globalThis as { gc?: unknown }).gc === "function");
    lease.release();
  });

  it("leaves models and caches alone when told to", async () => {
    const tag = Math.random().toString(36).slice(2);
    const models = new ModelCache<object>({ name: `keep-${tag}` });
    const results = new ResultCache({ name: `keepr-${tag}` });
    owned.push(models, results);
    await models.get("m", () => ({}));
    results.wrap((x: number) => x)(1);
    const report = await optimizeMemory({ evictModelsIdleForMs: false, clearResultCaches: false, measureGpu: false });
    expect(report.evictedModels).toEqual([]);
    expect(models.has("m")).toBe(true);
    expect(results.stats().size).toBe(1);
  });
});

describe("MemorySampler", () => {
  it("records samples, keeps a bounded history and relieves pressure once per cooldown", async () => {
    const calls: number[] = [];
    const sampler = new MemorySampler({ limitBytes: 1, pressureThreshold: 0.5, cooldownMs: 60_000, maxSamples: 3, sampleGpu: false, onPressure: (s) => void calls.push(s.pressure) });
    for (let i = 0; i < 5; i++) await sampler.sample();
    expect(sampler.samples()).toHaveLength(3);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeGreaterThan(1);
    expect(sampler.pressureEvents).toBe(1);
    expect(sampler.peakRss()).toBeGreaterThan(0);
  });

  it("does not call the pressure handler below the threshold", async () => {
    let called = false;
    const sampler = new MemorySampler({ limitBytes: 1e15, pressureThreshold: 0.9, sampleGpu: false, onPressure: () => void (called = true) });
    const s = await sampler.sample();
    expect(s.pressure).toBeLessThan(0.01);
    expect(called).toBe(false);
  });

  it("samples on its interval once started", async () => {
    const sampler = new MemorySampler({ intervalMs: 5, sampleGpu: false, pressureThreshold: 0 }).start();
    await new Promise((r) => setTimeout(r, 60));
    sampler.stop();
    expect(sampler.samples().length).toBeGreaterThanOrEqual(2);
  });

  it("rejects a threshold outside 0..1", () => {
    expect(() => new MemorySampler({ pressureThreshold: 1.5 })).toThrow(/pressureThreshold/);
  });
});

describe("memory readings", () => {
  it("parses nvidia-smi's CSV into bytes per GPU", () => {
    const gpus = parseNvidiaSmi("0, NVIDIA H200, 1024, 143771, 142747\n1, NVIDIA H200, 0, 143771, 143771\n");
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toEqual({ index: 0, name: "NVIDIA H200", usedBytes: 1024 * 1024 * 1024, totalBytes: 143771 * 1024 * 1024, freeBytes: 142747 * 1024 * 1024 });
    expect(parseNvidiaSmi("No devices were found")).toEqual([]);
  });

  it("reads an effective limit no larger than the machine's RAM and free memory within it", () => {
    const m = readSystemMemory();
    expect(m.limitBytes).toBeLessThanOrEqual(m.totalBytes);
    expect(m.availableBytes).toBeGreaterThan(0);
    expect(m.availableBytes).toBeLessThanOrEqual(m.freeBytes);
  });
});
