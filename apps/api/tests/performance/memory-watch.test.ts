import { ResultCache } from "@gma/core";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/env";
import { createLogger } from "../../src/logger";
import { startMemoryWatch } from "../../src/monitoring/memory-watch";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A started watch over a 1-byte limit (so every sample is under pressure), its log lines and a result cache with one entry. */
function watch(env: Record<string, string>) {
  const lines: { level: string; message: string; [field: string]: unknown }[] = [];
  const logger = createLogger("debug", "memory-test", (line) => lines.push(JSON.parse(line) as (typeof lines)[number]));
  const config = parseConfig({ MEMORY_SAMPLE_EVERY_MS: "100", ...env });
  const cache = new ResultCache({ name: `memory-watch-${Date.now()}`, maxSize: 4 });
  cache.wrap((n: number) => n * 2)(21);
  const sampler = startMemoryWatch(config, logger, { limitBytes: 1, sampleGpu: false });
  cleanups.push(() => cache.dispose(), () => sampler.stop());
  return { lines, cache, sampler };
}

async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("startMemoryWatch", () => {
  it("relieves memory pressure on its interval with GMA_OPTIMIZATIONS, logging the bytes freed, once per cooldown", async () => {
    const { lines, cache, sampler } = watch({ GMA_OPTIMIZATIONS: "true" });
    await until(() => lines.some((l) => l.message === "memory pressure relieved"));
    const relief = lines.find((l) => l.message === "memory pressure relieved")!;
    expect(relief.level).toBe("info");
    expect(typeof relief.freedBytes).toBe("number");
    expect(relief.rssBytes).toBeGreaterThan(0);
    expect(relief.pressure).toBeGreaterThan(1);
    expect(relief.clearedCacheEntries).toBeGreaterThanOrEqual(1);
    expect(cache.stats().size).toBe(0);
    // Still under pressure, but the default cooldown (a minute) holds the next relief back.
    await until(() => sampler.samples().length >= 3);
    expect(sampler.pressureEvents).toBe(1);
    expect(lines.filter((l) => l.message === "memory pressure relieved")).toHaveLength(1);
  });

  it("only samples when GMA_OPTIMIZATIONS is off, or the threshold is 0", async () => {
    const envs: Record<string, string>[] = [{ GMA_OPTIMIZATIONS: "false" }, { GMA_OPTIMIZATIONS: "true", MEMORY_PRESSURE_THRESHOLD: "0" }];
    for (const env of envs) {
      const { lines, cache, sampler } = watch(env);
      await until(() => sampler.samples().length >= 3);
      expect(sampler.samples().every((s) => s.pressure > 1)).toBe(true);
      expect(sampler.pressureEvents).toBe(0);
      expect(lines).toEqual([]);
      expect(cache.stats().size).toBe(1);
    }
  });

  it("stops sampling when stopped", async () => {
    const { sampler } = watch({ GMA_OPTIMIZATIONS: "false" });
    await until(() => sampler.samples().length >= 1);
    sampler.stop();
    const taken = sampler.samples().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(sampler.samples().length).toBe(taken);
  });
});
