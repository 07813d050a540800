import { buildMlpModel, getPerformanceMonitor, PerformanceMonitor, ResultCache, SessionInstancePool, type PerformanceSnapshot } from "@gma/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProcessMonitor } from "../../src/monitoring/process-monitor";
import { SnapshotStore } from "../../src/monitoring/snapshot-store";
import { silentLogger } from "../../src/logger";
import { connectRedis } from "../../src/redis-connection";
import { startTestApi, type TestApi } from "../helpers/test-api";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi({ METRICS_TOKEN: "metrics-token-0123456789", PERF_SNAPSHOT_SECONDS: "0.2", PERF_HISTORY_EVERY_SECONDS: "0.2" });
});
afterEach(async () => {
  await t.close();
});

type Fn = { name: string; count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; meanMs: number };

/**
 * A second process as a worker would appear: its own monitor publishing a snapshot under
 * another pid. Snapshots are per process, so the fake pid is rewritten on the way out, and
 * `edit` sets what the worker holds (the snapshot is taken in this process, so it starts out
 * with this process's caches and pools).
 */
async function fakeWorker(pid: number, timings: Record<string, number[]>, edit?: (snapshot: PerformanceSnapshot) => void) {
  const redis = connectRedis(t.api.services.config.redisUrl);
  const store = new SnapshotStore(redis, { prefix: t.api.services.config.queuePrefix, liveTtlMs: 10_000, historyRetentionMs: 3_600_000 });
  const monitor = new ProcessMonitor(redis, store, { role: "worker", prefix: t.api.services.config.queuePrefix, snapshotEveryMs: 60_000, historyEveryMs: 60_000, logger: silentLogger });
  const snapshot = monitor.snapshot();
  const own = new PerformanceMonitor();
  for (const [name, values] of Object.entries(timings)) for (const v of values) own.record(name, v);
  snapshot.timings = own.snapshot();
  snapshot.sources = [{ ...snapshot.sources[0]!, pid }];
  edit?.(snapshot);
  await store.publishLive(snapshot);
  await store.appendHistory(snapshot);
  return { close: () => (monitor.close(), redis.disconnect()) };
}

describe("performance data", () => {
  it("merges the timings of the API and a worker into per-process and aggregated statistics", async () => {
    const name = `test.fn.${Date.now()}`;
    for (const v of [1, 2, 3, 4]) getPerformanceMonitor().record(name, v);
    const worker = await fakeWorker(999_001, { [name]: [100, 200, 300, 400] });
    try {
      const token = await t.login(t.users.ANALYST.email);
      const r = await t.gql(`{ performanceStats { aggregated { name count meanMs p50Ms p95Ms p99Ms maxMs } processes { process { pid role } functions { name count maxMs } } } }`, {}, { token });
      expect(r.errors).toBeUndefined();
      const stats = r.data!.performanceStats as { aggregated: Fn[]; processes: { process: { pid: number; role: string }; functions: Fn[] }[] };
      const agg = stats.aggregated.find((f) => f.name === name)!;
      expect(agg.count).toBe(8);
      expect(agg.maxMs).toBe(400);
      expect(agg.meanMs).toBeCloseTo((1 + 2 + 3 + 4 + 100 + 200 + 300 + 400) / 8, 6);
      expect(agg.p50Ms).toBeLessThan(agg.p95Ms);
      const roles = stats.processes.map((p) => p.process.role).sort();
      expect(roles).toEqual(["api", "worker"]);
      const w = stats.processes.find((p) => p.process.pid === 999_001)!;
      expect(w.functions.find((f) => f.name === name)).toEqual({ name, count: 4, maxMs: 400 });
    } finally {
      worker.close();
      getPerformanceMonitor().reset();
    }
  });

  it("keeps a history of snapshots that performanceHistory returns by time range", async () => {
    const worker = await fakeWorker(999_002, { "hist.fn": [5] });
    try {
      const token = await t.login(t.users.ADMIN.email);
      const q = `query($from: DateTimeISO!, $to: DateTimeISO) { performanceHistory(range: { from: $from, to: $to }) { takenAt process { pid role } functions { name count } rssBytes } }`;
      const now = Date.now();
      const r = await t.gql(q, { from: new Date(now - 60_000).toISOString() }, { token });
      const points = r.data!.performanceHistory as { takenAt: string; process: { pid: number; role: string }; functions: { name: string; count: number }[]; rssBytes: number }[];
      expect(points.some((p) => p.process.role === "api")).toBe(true);
      const w = points.find((p) => p.process.pid === 999_002)!;
      expect(w.functions).toEqual([{ name: "hist.fn", count: 1 }]);
      expect(w.rssBytes).toBeGreaterThan(0);
      const times = points.map((p) => Date.parse(p.takenAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const past = await t.gql(q, { from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" }, { token });
      expect(past.data!.performanceHistory).toEqual([]);
      const reversed = await t.gql(q, { from: new Date(now).toISOString(), to: new Date(now - 1000).toISOString() }, { token });
      expect(reversed.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    } finally {
      worker.close();
    }
  });

  it("reports result caches and resets every process's statistics through resetPerformanceStats", async () => {
    const cache = new ResultCache({ name: `test-results-${Date.now()}`, maxSize: 4 });
    try {
      const square = cache.wrap((n: number) => n * n);
      square(2);
      square(2);
      square(3);
      const token = await t.login(t.users.ADMIN.email);
      const before = await t.gql(`{ resultCaches { name hits misses size maxSize hitRate processes } }`, {}, { token });
      const mine = (before.data!.resultCaches as { name: string }[]).find((c) => c.name === cache.name);
      expect(mine).toEqual({ name: cache.name, hits: 1, misses: 2, size: 2, maxSize: 4, hitRate: 1 / 3, processes: 1 });
      getPerformanceMonitor().record("reset.me", 1);
      const reset = await t.gql(`mutation { resetPerformanceStats { receivers processes { ok process { role } } } }`, {}, { token });
      expect(reset.errors).toBeUndefined();
      expect(reset.data!.resetPerformanceStats).toEqual({ receivers: 1, processes: [{ ok: true, process: { role: "api" } }] });
      expect(getPerformanceMonitor().stats()["reset.me"]).toBeUndefined();
      expect(cache.stats().hits).toBe(0);
      expect(cache.stats().size).toBe(2);
    } finally {
      cache.dispose();
    }
  });

  it("reports worker-thread model instances summed with a worker's to admins and analysts, merges a worker that predates them, and refuses clinicians", async () => {
    const model = buildMlpModel({ inputSize: 8, layerSizes: [16, 4], seed: 2 });
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: { intraOpNumThreads: 1 }, name: `test-instances-${Date.now()}` });
    const workers: { close(): void }[] = [];
    try {
      for (let i = 0; i < 3; i++) await pool.run({ input: { type: "float32", data: new Float32Array(8).fill(i), dims: [1, 8] } });
      const theirs = { name: pool.name, instances: 2, busy: 1, queued: 3, runs: 10, failed: 1, restarts: 1, computeMs: 50 };
      const onlyTheirs = { ...theirs, name: `pose:test-${Date.now()}.onnx`, runs: 4 };
      workers.push(await fakeWorker(999_004, {}, (s) => void (s.instancePools = { [theirs.name]: theirs, [onlyTheirs.name]: onlyTheirs })));
      // A worker from before instance pools: its snapshot has no instancePools at all.
      workers.push(await fakeWorker(999_005, {}, (s) => void delete s.instancePools));
      const own = pool.stats();
      expect(own).toMatchObject({ instances: 2, runs: 3, failed: 0, busy: 0, queued: 0, restarts: 0 });
      expect(own.computeMs).toBeGreaterThan(0);

      const query = `{ modelInstances { name processes instances busy queued runs failed restarts computeMs } }`;
      for (const role of ["ADMIN", "ANALYST"] as const) {
        const r = await t.gql(query, {}, { token: await t.login(t.users[role].email) });
        expect(r.errors, role).toBeUndefined();
        const pools = r.data!.modelInstances as { name: string; computeMs: number }[];
        const mine = pools.find((p) => p.name === pool.name)!;
        expect(mine, role).toEqual({ name: pool.name, processes: 2, instances: 4, busy: 1, queued: 3, runs: 13, failed: 1, restarts: 1, computeMs: expect.any(Number) });
        expect(mine.computeMs).toBeCloseTo(own.computeMs + 50, 6);
        expect(pools.find((p) => p.name === onlyTheirs.name), role).toEqual({ ...onlyTheirs, processes: 1 });
      }
      const refused = await t.gql(query, {}, { token: await t.login(t.users.CLINICIAN.email) });
      expect(refused.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
      expect(refused.data?.modelInstances ?? null).toBeNull();
    } finally {
      for (const w of workers) w.close();
      await pool.release();
    }
  });

  it("empties result caches and reports the memory of each process with optimizeMemory", async () => {
    const cache = new ResultCache({ name: `test-opt-${Date.now()}`, maxSize: 4 });
    try {
      cache.wrap((n: number) => n + 1)(1);
      const token = await t.login(t.users.ADMIN.email);
      const r = await t.gql(`mutation { optimizeMemory { receivers processes { ok clearedEntries evictedModels gcRan process { role } } } }`, {}, { token });
      expect(r.errors).toBeUndefined();
      const result = r.data!.optimizeMemory as { receivers: number; processes: { ok: boolean; clearedEntries: number; process: { role: string } }[] };
      expect(result.receivers).toBe(1);
      expect(result.processes[0]!.ok).toBe(true);
      expect(result.processes[0]!.clearedEntries).toBeGreaterThanOrEqual(1);
      expect(cache.stats().size).toBe(0);
      const mem = await t.gql(`{ memory { rssBytes processes { process { role } rssBytes } gpus { name } } modelCache { name } }`, {}, { token });
      const m = mem.data!.memory as { rssBytes: number; processes: { process: { role: string }; rssBytes: number }[] };
      expect(m.processes.map((p) => p.process.role)).toEqual(["api"]);
      expect(m.processes[0]!.rssBytes).toBeGreaterThan(0);
    } finally {
      cache.dispose();
    }
  });
});

describe("/metrics", () => {
  const scrape = (token?: string) => fetch(`${t.api.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("refuses a missing or wrong token with 401", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("metrics-token-XXXXXXXXXX")).status).toBe(401);
    expect((await scrape("short")).status).toBe(401);
  });

  it("serves queue gauges and the timings of the API and workers merged, in Prometheus format", async () => {
    const name = `metrics.fn.${Date.now()}`;
    getPerformanceMonitor().record(name, 2);
    const worker = await fakeWorker(999_003, { [name]: [20, 30] });
    try {
      const res = await scrape("metrics-token-0123456789");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/^gma_queue_waiting_jobs\{queue="analysis"\} 0$/m);
      expect(text).toMatch(/^gma_processes\{role="worker"\} 1$/m);
      expect(text).toMatch(/^gma_processes\{role="api"\} 1$/m);
      const count = new RegExp(`^gma_function_duration_seconds_count\\{name="${name.replace(/\./g, "\\.")}"\\} (\\d+)$`, "m").exec(text);
      expect(count?.[1]).toBe("3");
    } finally {
      worker.close();
      getPerformanceMonitor().reset();
    }
  });

  it("is disabled (404) when no token is configured", async () => {
    const plain = await startTestApi();
    try {
      expect((await fetch(`${plain.api.url}/metrics`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
