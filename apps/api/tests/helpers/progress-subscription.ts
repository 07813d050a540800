// Shared by the tests of the analysisProgress subscription: a graphql-ws client of a test API, a
// queued analysis to watch, a sink that records what the subscription pushes, and the count of
// SQL statements (the subscription's reads) over a while.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { expect } from "vitest";
import type { TestApi } from "./test-api";

/** The subscription's fields as these tests select them. */
export const PROGRESS_SUBSCRIPTION = `subscription($id: ID!) { analysisProgress(id: $id) { id status stage progress } }`;

/** An analysis as {@link PROGRESS_SUBSCRIPTION} pushes it. */
export type ProgressEvent = { id: string; status: string; stage: string | null; progress: number };

/** What a subscription's sink has seen so far. */
export interface ProgressWatch {
  events: ProgressEvent[];
  completed: boolean;
  /** The sink's error, or the errors of a result (e.g. NOT_FOUND after a delete). */
  error: unknown;
  unsubscribe: () => void;
  /** Resolves with the first event. */
  first: Promise<ProgressEvent>;
}

/** A lazy graphql-ws client of `t` signed in with `token`, disposed by `onCleanup`. */
export function progressClient(t: TestApi, token: string, onCleanup: (cleanup: () => void) => void): Client {
  const client = createClient({ url: `${t.api.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
  onCleanup(() => client.dispose());
  return client;
}

/** A new patient (`code`) of `owner` (the clinician by default) with one queued analysis. */
export async function queuedAnalysis(t: TestApi, code: string, owner = t.users.CLINICIAN.id) {
  const patient = await t.prisma.patient.create({ data: { code, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: owner } });
  return t.prisma.analysis.create({ data: { patientId: patient.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p" } });
}

/** Subscribes `client` to analysis `id`'s progress, recording what arrives. */
export function watchProgress(client: Client, id: string): ProgressWatch {
  let gotFirst!: (event: ProgressEvent) => void;
  const w: ProgressWatch = { events: [], completed: false, error: undefined, unsubscribe: () => {}, first: new Promise((resolve) => (gotFirst = resolve)) };
  w.unsubscribe = client.subscribe<{ analysisProgress: ProgressEvent }>(
    { query: PROGRESS_SUBSCRIPTION, variables: { id } },
    {
      next: (r) => {
        if (r.data) {
          w.events.push(r.data.analysisProgress);
          gotFirst(r.data.analysisProgress);
        }
        if (r.errors) w.error = r.errors;
      },
      error: (e) => void (w.error = e),
      complete: () => void (w.completed = true),
    },
  );
  return w;
}

/** SQL statements the API sends while `ms` pass. */
export async function readsDuring(t: TestApi, ms: number): Promise<number> {
  const before = t.sql.count;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return t.sql.count - before;
}

/**
 * A bare graphql-transport-ws socket of `t`, initialised with `token` and acknowledged, for
 * tests that act as a client graphql-ws would not be (one that stops reading its socket). Every
 * message the API sends is kept in `messages`; `onCleanup` terminates the socket.
 */
export async function rawGraphqlSocket(t: TestApi, token: string, onCleanup: (cleanup: () => void) => void): Promise<{ socket: WebSocket; messages: { type: string }[] }> {
  const socket = new WebSocket(`${t.api.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
  onCleanup(() => socket.terminate());
  const messages: { type: string }[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data)) as { type: string }));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
  await expect.poll(() => messages.map((m) => m.type), { timeout: 5000 }).toEqual(["connection_ack"]);
  return { socket, messages };
}
