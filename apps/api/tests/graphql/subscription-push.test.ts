// The analysisProgress subscription is woken by change notifications (Redis pub/sub) and reads
// the database only then, or on its fallback interval. Its reads are counted as the SQL
// statements the test API sends to SQLite (as in subscription-polling.test.ts); its latency is
// shown against a fallback interval far longer than the wait allowed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { getGaugeRegistry, getPerformanceSnapshot } from "@gma/core";
import type { Client } from "graphql-ws";
import { describe, expect, it } from "vitest";
import { progressClient, PROGRESS_SUBSCRIPTION, queuedAnalysis, rawGraphqlSocket, readsDuring, watchProgress, type ProgressWatch } from "../helpers/progress-subscription";
import { parseConfig } from "../../src/env";
import { formatGraphQLError } from "../../src/errors/error-plugin";
import { ServerShuttingDownError } from "../../src/errors/server-shutting-down-error";
import { SUBSCRIPTIONS_ACTIVE_METRIC } from "../../src/graphql/subscription-gauge";
import { silentLogger } from "../../src/logger";
import { AnalysisChangePublisher } from "../../src/modules/analyses/analysis-change-publisher";
import { SnapshotStore } from "../../src/monitoring/snapshot-store";
import type { AnalysisRunner } from "../../src/queue/analysis-runner";
import { connectRedis } from "../../src/redis-connection";
import { startWorker } from "../../src/worker";
import { freePort, startPrivateRedis, stopPrivateRedis } from "../helpers/private-redis";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api, onCleanup } = useTestApis();
const wsClient = (t: TestApi, token: string) => progressClient(t, token, onCleanup);

/** A fallback read this far apart never explains an update that arrives within {@link PROMPT_MS}. */
const NO_FALLBACK = { GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "30000" };
/** How long a pushed update may take: generous for a loaded machine, far below the fallback. */
const PROMPT_MS = 5000;
/** Long enough for eight reads of a subscription that still polls every 250 ms. */
const QUIET_MS = 2000;
const METRICS_TOKEN = "metrics-token-0123456789";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Subscribes to an unchanged queued analysis and waits for its first event and for this API's
 * change feed to listen, then for the read that the feed's subscribing causes to land.
 */
async function listeningSubscription(t: TestApi, client: Client, id: string): Promise<ProgressWatch> {
  const w = watchProgress(client, id);
  await expect.poll(() => w.events.length, { timeout: PROMPT_MS }).toBe(1);
  await expect.poll(() => t.api.services.analysisChanges.listening, { timeout: PROMPT_MS }).toBe(true);
  await sleep(300);
  return w;
}

/** The value of the open-subscriptions gauge in /metrics (every process's snapshot merged). */
async function gauge(t: TestApi): Promise<number | undefined> {
  const res = await fetch(`${t.api.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const m = new RegExp(`^${SUBSCRIPTIONS_ACTIVE_METRIC} (\\S+)$`, "m").exec(await res.text());
  return m ? Number(m[1]) : undefined;
}

describe("analysisProgress is pushed", () => {
  it("reaches the subscriber as soon as a worker writes progress, long before the fallback read, and reads nothing while the running analysis does not change", async () => {
    const t = await api(NO_FALLBACK);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    const a = await queuedAnalysis(t, "W1");
    const w = await listeningSubscription(t, client, a.id);
    expect(w.events).toEqual([{ id: a.id, status: "QUEUED", stage: null, progress: 0 }]);

    // The pipeline is a stand-in that reports one step and then waits for the test: this is
    // about how a worker's writes reach subscribers, not about analysing.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const runner: AnalysisRunner = {
      checkReady: async () => {},
      run: async (_input, onProgress) => {
        await onProgress({ stage: "pose", percent: 40 });
        await released;
        return { report: { risk: { level: "LOW" } }, windowErrors: new Float32Array(0), timings: {}, modelVersion: "test" };
      },
    };
    const input = path.join(t.api.services.config.dataDir, "input.json");
    writeFileSync(input, "{}");
    const w1 = await startWorker(t.api.services.config, { prisma: t.prisma, logger: silentLogger, runner });
    onCleanup(() => w1.close());
    await t.api.services.queues.analysis.add("keypoints", { analysisId: a.id, kind: "keypoints", filePath: input, ageWeeks: 12, gestationalAgeWeeks: null }, { jobId: a.id });

    await expect.poll(() => w.events.at(-1), { timeout: PROMPT_MS }).toEqual({ id: a.id, status: "RUNNING", stage: "pose", progress: 40 });
    await sleep(300);
    // The worker holds the analysis at 40 %: nobody reads it.
    expect(await readsDuring(t, QUIET_MS)).toBeLessThanOrEqual(1);

    release();
    await expect.poll(() => w.completed, { timeout: PROMPT_MS }).toBe(true);
    expect(w.events.at(-1)).toEqual({ id: a.id, status: "SUCCEEDED", stage: "done", progress: 100 });
    expect(w.error).toBeUndefined();
  }, 30_000);

  it("reads nothing while a queued analysis does not change, and pushes its cancellation through the API at once", async () => {
    const t = await api(NO_FALLBACK);
    const token = await t.login(t.users.CLINICIAN.email);
    const a = await queuedAnalysis(t, "C1");
    const w = await listeningSubscription(t, wsClient(t, token), a.id);
    expect(await readsDuring(t, QUIET_MS)).toBeLessThanOrEqual(1);

    const r = await t.gql(`mutation($id: ID!) { cancelAnalysis(id: $id) { status } }`, { id: a.id }, { token });
    expect(r.errors).toBeUndefined();
    await expect.poll(() => w.completed, { timeout: PROMPT_MS }).toBe(true);
    expect(w.events.at(-1)).toMatchObject({ status: "CANCELLED", stage: "cancelled" });
  }, 30_000);

  it("reads nothing while a queued analysis does not change, and ends its subscription with NOT_FOUND as soon as the API deletes it", async () => {
    const t = await api(NO_FALLBACK);
    const token = await t.login(t.users.CLINICIAN.email);
    const a = await queuedAnalysis(t, "D1");
    const w = await listeningSubscription(t, wsClient(t, token), a.id);
    expect(await readsDuring(t, 1000)).toBeLessThanOrEqual(1);
    const r = await t.gql(`mutation($id: ID!) { deleteAnalysis(id: $id) }`, { id: a.id }, { token: await t.login(t.users.ADMIN.email) });
    expect(r.errors).toBeUndefined();
    await expect.poll(() => w.error, { timeout: PROMPT_MS }).toBeTruthy();
    expect(w.error).toMatchObject([{ extensions: { code: "NOT_FOUND" } }]);
  }, 30_000);

  it("picks up a change whose notification was lost at its next fallback read, reading no more often than that meanwhile", async () => {
    const t = await api({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "1000" });
    const a = await queuedAnalysis(t, "L1");
    const w = await listeningSubscription(t, wsClient(t, await t.login(t.users.CLINICIAN.email)), a.id);
    // One read a second, where polling made eight.
    expect(await readsDuring(t, QUIET_MS)).toBeLessThanOrEqual(3);
    // Written as a worker would, but with no notification: as if Redis lost it.
    await t.prisma.analysis.update({ where: { id: a.id }, data: { status: "RUNNING", stage: "pose", progress: 55 } });
    await expect.poll(() => w.events.at(-1), { timeout: PROMPT_MS }).toEqual({ id: a.id, status: "RUNNING", stage: "pose", progress: 55 });
    await t.prisma.analysis.update({ where: { id: a.id }, data: { status: "FAILED", stage: "failed" } });
    await expect.poll(() => w.completed, { timeout: PROMPT_MS }).toBe(true);
  }, 30_000);

  it("polls every 250 ms while its Redis subscriber connection is down, and waits for notifications again once Redis is back", async () => {
    const port = await freePort();
    let redis = await startPrivateRedis(port);
    onCleanup(() => stopPrivateRedis(redis));
    const t = await api({ ...NO_FALLBACK, REDIS_URL: `redis://127.0.0.1:${port}` });
    const a = await queuedAnalysis(t, "R1");
    const w = await listeningSubscription(t, wsClient(t, await t.login(t.users.CLINICIAN.email)), a.id);
    expect(await readsDuring(t, 1000)).toBeLessThanOrEqual(1);

    await stopPrivateRedis(redis);
    await expect.poll(() => t.api.services.analysisChanges.listening, { timeout: PROMPT_MS }).toBe(false);
    expect(await readsDuring(t, 1000)).toBeGreaterThanOrEqual(3);
    // No notification can arrive now, nor could one sent while the connection dropped.
    await t.prisma.analysis.update({ where: { id: a.id }, data: { status: "RUNNING", stage: "pose", progress: 10 } });
    await expect.poll(() => w.events.at(-1), { timeout: 2000 }).toMatchObject({ status: "RUNNING", progress: 10 });

    redis = await startPrivateRedis(port);
    await expect.poll(() => t.api.services.analysisChanges.listening, { timeout: 15_000 }).toBe(true);
    await sleep(300);
    expect(await readsDuring(t, 1000)).toBeLessThanOrEqual(1);
    const publisherRedis = connectRedis(`redis://127.0.0.1:${port}`);
    onCleanup(() => publisherRedis.disconnect());
    await t.prisma.analysis.update({ where: { id: a.id }, data: { progress: 70 } });
    new AnalysisChangePublisher(publisherRedis, t.api.services.config.queuePrefix, silentLogger).notify(a.id);
    await expect.poll(() => w.events.at(-1), { timeout: PROMPT_MS }).toMatchObject({ status: "RUNNING", progress: 70 });
  }, 60_000);

  it("counts open subscriptions in gma_graphql_subscriptions_active, up and down, summed over the API processes", async () => {
    const t = await api({ ...NO_FALLBACK, METRICS_TOKEN, PERF_SNAPSHOT_SECONDS: "0.2" });
    const token = await t.login(t.users.CLINICIAN.email);
    expect(await gauge(t)).toBe(0);
    const [a, b] = [await queuedAnalysis(t, "G1"), await queuedAnalysis(t, "G2")];
    const client = wsClient(t, token);
    const wa = watchProgress(client, a.id);
    watchProgress(client, b.id);
    await expect.poll(() => gauge(t), { timeout: PROMPT_MS }).toBe(2);

    // Neither a refused subscription nor one that completes at once stays counted.
    const others = await queuedAnalysis(t, "G3", t.users.CLINICIAN2.id);
    const refused = watchProgress(client, others.id);
    const done = await queuedAnalysis(t, "G4");
    await t.prisma.analysis.update({ where: { id: done.id }, data: { status: "SUCCEEDED", stage: "done", progress: 100 } });
    const finished = watchProgress(client, done.id);
    await expect.poll(() => refused.error !== undefined && finished.completed, { timeout: PROMPT_MS }).toBe(true);
    expect(await gauge(t)).toBe(2);

    // Another API process with three open: /metrics merges its published snapshot.
    const other = await otherApiProcess(t, 3);
    await expect.poll(() => gauge(t), { timeout: PROMPT_MS }).toBe(5);
    await other.close();

    wa.unsubscribe();
    await expect.poll(() => gauge(t), { timeout: PROMPT_MS }).toBe(1);
    await client.dispose();
    await expect.poll(() => gauge(t), { timeout: PROMPT_MS }).toBe(0);
  }, 30_000);

  it("refuses a subscribe sent on a socket after the API's shutdown began, starting no reads", async () => {
    const t = await api({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "250" });
    const token = await t.login(t.users.CLINICIAN.email);
    const a = await queuedAnalysis(t, "S1");
    // A client that does not read its socket (a frozen tab): the API's close waits for its
    // grace period to end the socket, and the client may still send meanwhile.
    const { socket } = await rawGraphqlSocket(t, token, onCleanup);
    socket.pause();

    const closed = t.api.close();
    await sleep(200);
    socket.send(JSON.stringify({ type: "subscribe", id: "late", payload: { query: PROGRESS_SUBSCRIPTION, variables: { id: a.id } } }));
    await sleep(400);
    expect(await readsDuring(t, 1000)).toBe(0);
    expect(getGaugeRegistry().stats()[SUBSCRIPTIONS_ACTIVE_METRIC]?.value ?? 0).toBe(0);
    await closed;
  }, 30_000);
});

/**
 * Another API process as /metrics sees it: a snapshot published under another pid with `open`
 * subscriptions (taken in this process, so its gauge is set by hand).
 */
async function otherApiProcess(t: TestApi, open: number) {
  const { config } = t.api.services;
  const redis = connectRedis(config.redisUrl);
  const store = new SnapshotStore(redis, { prefix: config.queuePrefix, liveTtlMs: 10_000, historyRetentionMs: 3_600_000 });
  const snapshot = getPerformanceSnapshot({ role: "api" });
  snapshot.sources = [{ ...snapshot.sources[0]!, pid: 999_201 }];
  snapshot.gauges = { [SUBSCRIPTIONS_ACTIVE_METRIC]: { ...snapshot.gauges![SUBSCRIPTIONS_ACTIVE_METRIC]!, value: open } };
  await store.publishLive(snapshot);
  return {
    close: async () => {
      await store.removeLive(snapshot.sources[0]!);
      redis.disconnect();
    },
  };
}

describe("GRAPHQL_SUBSCRIPTION_FALLBACK_MS", () => {
  it("defaults to 5 s, takes 250 ms to an hour, and refuses anything else naming the variable", () => {
    expect(parseConfig({}).graphql.subscriptionFallbackMs).toBe(5000);
    expect(parseConfig({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "" }).graphql.subscriptionFallbackMs).toBe(5000);
    expect(parseConfig({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "250" }).graphql.subscriptionFallbackMs).toBe(250);
    expect(parseConfig({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "3600000" }).graphql.subscriptionFallbackMs).toBe(3_600_000);
    for (const bad of ["249", "3600001", "1.5", "soon"]) {
      expect(() => parseConfig({ GRAPHQL_SUBSCRIPTION_FALLBACK_MS: bad }), bad).toThrow(/GRAPHQL_SUBSCRIPTION_FALLBACK_MS/);
    }
  });
});

describe("the shutdown refusal", () => {
  it("reaches a client as SERVICE_UNAVAILABLE with reason SHUTTING_DOWN and a hint, not as a hidden internal error", async () => {
    const { GraphQLError } = await import("graphql");
    const refused = new ServerShuttingDownError();
    const error = new GraphQLError(refused.message, { originalError: refused });
    expect(formatGraphQLError(error.toJSON(), error).extensions).toEqual({ code: "SERVICE_UNAVAILABLE", reason: "SHUTTING_DOWN", hint: refused.hint });
  });
});
