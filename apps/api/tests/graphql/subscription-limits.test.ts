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

/** The errors the websocket answers an operation with (none when it runs). */
function wsErrors(client: Client, query: string, variables: Record<string, unknown>): Promise<unknown[]> {
  return new Promise((resolve) => {
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (r) => {
          unsubscribe();
          resolve([...(r.errors ?? [])]);
        },
        error: (e) => resolve(Array.isArray(e) ? e : [e]),
        complete: () => resolve([]),
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

  it("answers operations it refuses with the same errors as HTTP, codes and hints alike, the schema hint as introspection is on or off", async () => {
    for (const introspection of ["true", "false"]) {
      const t = await api({ GRAPHQL_INTROSPECTION: introspection, GRAPHQL_MAX_DEPTH: "3" });
      const a = await queuedAnalysis(t);
      const token = await t.login(t.users.CLINICIAN.email);
      const client = wsClient(t, token);
      const operations: [string, Record<string, unknown>][] = [
        [`subscription { analysisProgress(`, {}],
        [`subscription($id: ID!) { analysisProgress(id: $id) { noSuchField } }`, { id: a.id }],
        [`subscription($id: ID!) { analysisProgress(id: $id) { patient { owner { id } } } }`, { id: a.id }],
      ];
      for (const [query, variables] of operations) {
        const overHttp = (await t.gql(query, variables, { token })).errors;
        const overWs = await wsErrors(client, query, variables);
        expect(overWs, `${introspection}: ${query}`).toEqual(overHttp ?? []);
      }
      // Not vacuous: the validation errors carry the hint that says where the schema is.
      const invalid = await wsErrors(client, operations[1]![0], operations[1]![1]);
      const where = introspection === "true" ? /answers introspection/ : /ask its operator/;
      expect(invalid).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED", hint: expect.stringMatching(where) }) })]);
      if (introspection === "false") {
        // Refused by Apollo's introspection rule over HTTP and graphql-js's over the websocket,
        // whose messages differ: what a client acts on, the code and the hint, is the same.
        const query = `query { __schema { queryType { name } } }`;
        const acted = (errors: unknown[]) => new Set(errors.map((e) => JSON.stringify([(e as { extensions?: { code?: unknown } }).extensions?.code, (e as { extensions?: { hint?: unknown } }).extensions?.hint])));
        const overHttp = acted((await t.gql(query, {}, { token })).errors ?? []);
        expect(acted(await wsErrors(client, query, {}))).toEqual(overHttp);
        expect([...overHttp]).toEqual([expect.stringMatching(where)]);
      }
    }
  });
});
