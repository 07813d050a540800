import { getPerformanceMonitor, getPerformanceStats, timed } from "@gma/core";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createLogger, silentLogger } from "../../src/logger";
import { SnapshotStore } from "../../src/monitoring/snapshot-store";
import { startWorker } from "../../src/worker";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import type { TestApi } from "../helpers/test-api";

const harness = useAnalysisHarness();
const { onCleanup } = harness;

const FAST = { PERF_SNAPSHOT_SECONDS: "0.2", PERF_HISTORY_EVERY_SECONDS: "0.2" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function api(env: Record<string, string>): Promise<TestApi> {
  return harness.api({ ...FAST, ...env });
}

/** The installation's performance keys in Redis (live snapshots, their index, the history). */
async function perfKeys(t: TestApi): Promise<string[]> {
  const redis = new Redis(t.api.services.config.redisUrl);
  try {
    return (await redis.keys(`${t.api.services.config.queuePrefix}:perf:*`)).sort();
  } finally {
    redis.disconnect();
  }
}

describe("PERF_MONITORING", () => {
  it("off: the API and the worker publish no snapshot or history and record no timings, yet obey control commands", async () => {
    const t = await api({ PERF_MONITORING: "off" });
    const w = await startWorker(t.api.services.config, { prisma: t.prisma, logger: silentLogger });
    onCleanup(() => w.close());
    expect(getPerformanceMonitor().enabled).toBe(false);
    const name = `off.fn.${Date.now()}`;
    expect(timed(name)((x: number) => x + 1)(1)).toBe(2);
    expect(getPerformanceStats()[name]).toBeUndefined();

    const token = await t.login(t.users.ADMIN.email);
    const optimized = await t.gql(`mutation { optimizeMemory { receivers processes { ok process { role } } } }`, {}, { token });
    expect(optimized.errors).toBeUndefined();
    const result = optimized.data!.optimizeMemory as { receivers: number; processes: { ok: boolean; process: { role: string } }[] };
    expect(result.receivers).toBe(2);
    expect(result.processes.map((p) => [p.process.role, p.ok]).sort()).toEqual([["api", true], ["worker", true]]);

    // Several snapshot and history periods.
    await sleep(700);
    expect(await perfKeys(t)).toEqual([]);
    const stats = await t.gql(`{ performanceStats { aggregated { name } processes { process { role } functions { name } } } }`, {}, { token });
    expect(stats.errors).toBeUndefined();
    expect(stats.data!.performanceStats).toEqual({ aggregated: [], processes: [{ process: { role: "api" }, functions: [] }] });
    const history = await t.gql(`query($from: DateTimeISO!) { performanceHistory(range: { from: $from }) { takenAt } }`, { from: new Date(Date.now() - 60_000).toISOString() }, { token });
    expect(history.data!.performanceHistory).toEqual([]);

    await w.close();
    await t.api.close();
    // The processes gave the switch back as they found it.
    expect(getPerformanceMonitor().enabled).toBe(true);
  });

  it("basic: the same processes publish their live snapshots and history", async () => {
    const t = await api({ PERF_MONITORING: "basic" });
    const w = await startWorker(t.api.services.config, { prisma: t.prisma, logger: silentLogger });
    onCleanup(() => w.close());
    expect(getPerformanceMonitor().enabled).toBe(true);
    await sleep(700);
    const prefix = t.api.services.config.queuePrefix;
    const keys = await perfKeys(t);
    expect(keys).toContain(`${prefix}:perf:live`);
    expect(keys.some((k) => k.includes("history"))).toBe(true);
    // Both run in this test's process; the store tells them apart by role.
    const store = new SnapshotStore(t.api.services.redis, { prefix, liveTtlMs: 10_000, historyRetentionMs: 60_000, liveReadCacheMs: 0 });
    expect((await store.live()).map((s) => s.sources[0]!.role).sort()).toEqual(["api", "worker"]);
  });

  it("detailed: the worker logs each analysis's stage timings at debug level, which basic does not", async () => {
    const t = await harness.api();
    const token = await t.login(t.users.CLINICIAN.email);
    for (const level of ["basic", "detailed"] as const) {
      const lines: { level: string; message: string; analysisId?: string; timings?: Record<string, number> }[] = [];
      const logger = createLogger("debug", "worker", (line) => lines.push(JSON.parse(line) as (typeof lines)[number]));
      const w = await startWorker({ ...t.api.services.config, perfMonitoring: level }, { prisma: t.prisma, logger });
      try {
        const { id } = await harness.queueKeypoints(t, token, `PM-${level}`);
        const deadline = Date.now() + 60_000;
        let row = await t.prisma.analysis.findUniqueOrThrow({ where: { id } });
        while (row.status !== "SUCCEEDED" && row.status !== "FAILED" && Date.now() < deadline) {
          await sleep(100);
          row = await t.prisma.analysis.findUniqueOrThrow({ where: { id } });
        }
        expect(row.status, row.errorMessage ?? "").toBe("SUCCEEDED");
        const logged = lines.filter((l) => l.message === "analysis timings");
        if (level === "basic") {
          expect(logged).toEqual([]);
        } else {
          expect(logged).toHaveLength(1);
          expect(logged[0]).toMatchObject({ level: "debug", analysisId: id });
          // The stored copy went through JSON in SQLite, which may round the last digit.
          const stored = row.timings as Record<string, number>;
          expect(Object.keys(logged[0]!.timings!).sort()).toEqual(Object.keys(stored).sort());
          for (const [stage, ms] of Object.entries(stored)) expect(logged[0]!.timings![stage], stage).toBeCloseTo(ms, 6);
          expect(stored.total).toBeGreaterThan(0);
        }
      } finally {
        await w.close();
      }
    }
  }, 120_000);
});
