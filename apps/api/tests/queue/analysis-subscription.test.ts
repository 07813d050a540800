import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { syntheticKeypoints } from "../helpers/fixtures";
import type { TestApi } from "../helpers/test-api";

const { api, worker, onCleanup } = useAnalysisHarness();

function wsClient(t: TestApi, token?: string): Client {
  const client = createClient({
    url: `${t.api.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    ...(token ? { connectionParams: { authorization: `Bearer ${token}` } } : {}),
  });
  onCleanup(() => client.dispose());
  return client;
}

type Event = { status: string; progress: number; stage: string | null; report: { schemaVersion: string } | null };
const SUB = `subscription($id: ID!) { analysisProgress(id: $id) { status progress stage report } }`;

/** Collects every event of a subscription until it completes or errors. */
function collect(client: Client, id: string): Promise<{ events: Event[]; errors: { extensions?: { code?: string } }[] }> {
  return new Promise((resolve) => {
    const events: Event[] = [];
    client.subscribe<{ analysisProgress: Event }>(
      { query: SUB, variables: { id } },
      {
        next: (r) => {
          if (r.data) events.push(r.data.analysisProgress);
          if (r.errors) resolve({ events, errors: r.errors as never });
        },
        error: (e) => resolve({ events, errors: Array.isArray(e) ? (e as never) : [{ extensions: { code: String((e as { code?: unknown }).code ?? e) } }] }),
        complete: () => resolve({ events, errors: [] }),
      },
    );
  });
}

describe("analysisProgress subscription (graphql-ws)", () => {
  it("pushes progress up to 100 and the report, then completes, matching what polling reads", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const patient = await t.prisma.patient.create({ data: { code: "S1", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, "k.json"), 12);
    const res = await fetch(`${t.api.url}/uploads?kind=keypoints`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: readFileSync(file) });
    const { uploadId } = (await res.json()) as { uploadId: string };
    const r = await t.gql(`mutation($u: String!, $p: ID!) { analyzeKeypoints(input: { uploadId: $u, patientId: $p, ageWeeks: 12 }) { id } }`, { u: uploadId, p: patient.id }, { token });
    const id = (r.data!.analyzeKeypoints as { id: string }).id;

    const pushed = collect(wsClient(t, token), id);
    // Subscribed before any worker runs: the first event is the queued analysis.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await worker(t);
    const { events, errors } = await pushed;

    expect(errors).toEqual([]);
    expect(events[0]!.status).toBe("QUEUED");
    const last = events.at(-1)!;
    expect(last.status).toBe("SUCCEEDED");
    expect(last.progress).toBe(100);
    expect(last.report?.schemaVersion).toBeTruthy();
    expect(events.length).toBeGreaterThanOrEqual(3);
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const polled = await t.gql(`query($id: ID!) { analysis(id: $id) { status progress } }`, { id }, { token });
    expect(polled.data!.analysis).toEqual({ status: last.status, progress: last.progress });
  }, 120_000);

  it("refuses subscribers without a session, and hides other clinicians' analyses (NOT_FOUND)", async () => {
    const t = await api();
    const patient = await t.prisma.patient.create({ data: { code: "S2", birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN2.id } });
    const a = await t.prisma.analysis.create({ data: { patientId: patient.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p" } });
    expect((await collect(wsClient(t), a.id)).errors[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const other = await t.login(t.users.CLINICIAN.email);
    expect((await collect(wsClient(t, other), a.id)).errors[0]?.extensions?.code).toBe("NOT_FOUND");
    const analyst = await t.login(t.users.ANALYST.email);
    expect((await collect(wsClient(t, analyst), a.id)).errors[0]?.extensions?.code).toBe("FORBIDDEN");
  }, 60_000);
});
