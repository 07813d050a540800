// The analysisProgress subscription reads the database when told of a change and on a fallback
// interval; these tests prove, by counting the SQL statements the test API sends to SQLite, that
// a subscription stops reading once nobody listens. The fallback is set to the subscription's old
// poll interval, so that a subscription that still runs shows in the count without any change.
import type { Client } from "graphql-ws";
import { describe, expect, it } from "vitest";
import { progressClient, PROGRESS_SUBSCRIPTION, queuedAnalysis, rawGraphqlSocket, readsDuring, watchProgress } from "../helpers/progress-subscription";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api, onCleanup } = useTestApis();
const wsClient = (t: TestApi, token: string) => progressClient(t, token, onCleanup);

/** Reads of an unchanged analysis every 250 ms (GRAPHQL_SUBSCRIPTION_FALLBACK_MS). */
const READ_EVERY = { GRAPHQL_SUBSCRIPTION_FALLBACK_MS: "250" };
/** A read in flight when the client leaves may still land. */
const SETTLE_MS = 400;
/** Long enough for four polls of a subscription still running. */
const QUIET_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Subscribes to a queued analysis that never changes and waits for its first event; proves the
 * subscription is polling (so that a count of 0 later means it stopped, not that it never ran).
 */
async function pollingSubscription(t: TestApi, client: Client) {
  const a = await queuedAnalysis(t, "P1");
  const w = watchProgress(client, a.id);
  expect(await w.first).toEqual({ id: a.id, status: "QUEUED", stage: null, progress: 0 });
  expect(await readsDuring(t, QUIET_MS)).toBeGreaterThanOrEqual(3);
  expect(w.events).toHaveLength(1);
  return w;
}

describe("analysisProgress stops polling the database when nobody listens", () => {
  it("stops reading an unchanged analysis within one poll interval after the client unsubscribes", async () => {
    const t = await api(READ_EVERY);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    const w = await pollingSubscription(t, client);
    w.unsubscribe();
    await sleep(SETTLE_MS);
    expect(await readsDuring(t, QUIET_MS)).toBe(0);
  }, 15_000);

  it("stops reading an unchanged analysis within one poll interval after the client's socket closes", async () => {
    const t = await api(READ_EVERY);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    await pollingSubscription(t, client);
    await client.dispose();
    await sleep(SETTLE_MS);
    expect(await readsDuring(t, QUIET_MS)).toBe(0);
  }, 15_000);

  it("ends every subscription's polling when the API closes, even one whose client does not answer the close, and tells clients to go away rather than that their subscription completed", async () => {
    const t = await api(READ_EVERY);
    const token = await t.login(t.users.CLINICIAN.email);
    const polite = await pollingSubscription(t, wsClient(t, token));

    // A client that stops reading its socket (a dead network, a frozen tab): it answers neither
    // the websocket close nor the TCP end, so only the drain's grace period ends its socket.
    const stalled = await queuedAnalysis(t, "P2");
    const { socket, messages } = await rawGraphqlSocket(t, token, onCleanup);
    socket.send(JSON.stringify({ type: "subscribe", id: "stalled", payload: { query: PROGRESS_SUBSCRIPTION, variables: { id: stalled.id } } }));
    await expect.poll(() => messages.map((m) => m.type), { timeout: 5000 }).toEqual(["connection_ack", "next"]);
    socket.pause();

    const closed = t.api.close();
    await sleep(SETTLE_MS);
    // The stalled socket keeps the API's close waiting for its grace period (10 s); the polling
    // stopped all the same.
    expect(await readsDuring(t, QUIET_MS)).toBe(0);
    await closed;
    expect(polite.error).toMatchObject({ code: 1001 });
    expect(polite.completed).toBe(false);
  }, 30_000);
});
