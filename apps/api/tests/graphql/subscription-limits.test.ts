import { createClient, type Client } from "graphql-ws";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api, onCleanup } = useTestApis();

function wsClient(t: TestApi, token: string): Client {
  const client = createClient({ url: `${t.api.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
  onCleanup(() => client.dispose());
  return client;
}

type Outcome = { first: Record<string, unknown> | undefined; codes: string[] };

/** Subscribes and settles on the first event or the first error, then unsubscribes. */
function firstOutcome(client: Client, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    const unsubscribe = client.subscribe<Record<string, unknown>>(
      { query, variables },
      {
        next: (r) => {
          unsubscribe();
          resolve({ first: r.data ?? undefined, codes: (r.errors ?? []).map((e) => String(e.extensions?.code)) });
        },
        error: (e) => resolve({ first: undefined, codes: Array.isArray(e) ? e.map((x: { extensions?: { code?: unknown } }) => String(x.extensions?.code)) : [`not a GraphQL error: ${JSON.stringify(e, ["code", "reason", "message"])}`] }),
        complete: () => resolve({ first: undefined, codes: [] }),
      },
    );
  });
}

async function queuedAnalysis(t: TestApi) {
  const patient = await t.prisma.patient.create({ data: { code: "L1", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
  return t.prisma.analysis.create({ data: { patientId: patient.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p" } });
}

describe("limits on operations over the websocket (graphql-ws)", () => {
  it("refuses a subscription deeper than GRAPHQL_MAX_DEPTH with QUERY_TOO_DEEP, and runs a shallow one", async () => {
    const t = await api({ GRAPHQL_MAX_DEPTH: "3" });
    const a = await queuedAnalysis(t);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    const deep = await firstOutcome(client, `subscription($id: ID!) { analysisProgress(id: $id) { patient { owner { id } } } }`, { id: a.id });
    expect(deep).toEqual({ first: undefined, codes: ["QUERY_TOO_DEEP"] });
    const shallow = await firstOutcome(client, `subscription($id: ID!) { analysisProgress(id: $id) { status patient { code } } }`, { id: a.id });
    expect(shallow).toEqual({ first: { analysisProgress: { status: "QUEUED", patient: { code: "L1" } } }, codes: [] });
  });

  it("refuses a subscription whose estimated cost exceeds GRAPHQL_MAX_COMPLEXITY with QUERY_TOO_COMPLEX", async () => {
    const t = await api({ GRAPHQL_MAX_COMPLEXITY: "50" });
    const a = await queuedAnalysis(t);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    const query = `subscription($id: ID!, $n: Int!) { analysisProgress(id: $id) { patient { analyses(first: $n) { id status progress } } } }`;
    expect((await firstOutcome(client, query, { id: a.id, n: 100 })).codes).toEqual(["QUERY_TOO_COMPLEX"]);
    expect((await firstOutcome(client, query, { id: a.id, n: 2 })).codes).toEqual([]);
  });

  it("answers unparsable and invalid operations with HTTP's codes, and refuses introspection where HTTP does", async () => {
    const t = await api({ GMA_PROFILE: "production" });
    const a = await queuedAnalysis(t);
    const client = wsClient(t, await t.login(t.users.CLINICIAN.email));
    expect((await firstOutcome(client, `subscription { analysisProgress(`, {})).codes).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect((await firstOutcome(client, `subscription($id: ID!) { analysisProgress(id: $id) { noSuchField } }`, { id: a.id })).codes).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect((await firstOutcome(client, `subscription($id: ID!) { analysisProgress(id: $id) { status } }`, { id: { not: "an id" } })).codes).toEqual(["BAD_USER_INPUT"]);
    const introspection = await firstOutcome(client, `query { __schema { types { name } } }`, {});
    expect(introspection.first).toBeUndefined();
    expect(new Set(introspection.codes)).toEqual(new Set(["GRAPHQL_VALIDATION_FAILED"]));
  });
});
