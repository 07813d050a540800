import { randomUUID } from "node:crypto";
import { getPerformanceSnapshot, type PerformanceSnapshot } from "@gma/core";
import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshotStore } from "../../src/monitoring/snapshot-store";
import { connectRedis } from "../../src/redis-connection";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function snapshotOf(pid: number): PerformanceSnapshot {
  const snapshot = getPerformanceSnapshot({ role: "worker" });
  snapshot.sources = [{ ...snapshot.sources[0]!, pid }];
  return snapshot;
}

describe("SnapshotStore live reads", () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = connectRedis(REDIS_URL);
    prefix = `gma-test-${randomUUID()}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const store = (liveReadCacheMs: number) => new SnapshotStore(redis, { prefix, liveTtlMs: 10_000, historyRetentionMs: 60_000, liveReadCacheMs });

  it("shares one Redis read between calls within liveReadCacheMs, and reads afresh after invalidateLive", async () => {
    const api = store(60_000);
    const otherProcess = store(0);
    await otherProcess.publishLive(snapshotOf(101));
    expect((await api.live()).map((s) => s.sources[0]!.pid)).toEqual([101]);

    await otherProcess.publishLive(snapshotOf(102));
    // Another process's publish is not seen until the shared read expires or is invalidated...
    expect((await api.live()).map((s) => s.sources[0]!.pid)).toEqual([101]);
    api.invalidateLive();
    // ...and then it is.
    expect((await api.live()).map((s) => s.sources[0]!.pid).sort()).toEqual([101, 102]);
  });

  it("reads Redis on every call with liveReadCacheMs 0", async () => {
    const api = store(0);
    const otherProcess = store(0);
    expect(await api.live()).toEqual([]);
    await otherProcess.publishLive(snapshotOf(201));
    expect((await api.live()).map((s) => s.sources[0]!.pid)).toEqual([201]);
  });

  it("refuses a negative liveReadCacheMs", () => {
    expect(() => store(-1)).toThrow(/liveReadCacheMs must be >= 0/);
  });
});
