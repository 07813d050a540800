import { describe, expect, it } from "vitest";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api } = useTestApis();

const LIST = `query($filter: AuditEventFilter, $first: Int!, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id action targetType targetId details createdAt actor { email } } }
  }
}`;

interface Node {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  createdAt: string;
  actor: { email: string } | null;
}
interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

async function list(t: TestApi, token: string, filter: Record<string, unknown> | null, first = 100, after?: string) {
  const r = await t.gql(LIST, { filter, first, after }, { token });
  return { page: r.data?.auditEvents as ListPage | undefined, code: r.errors?.[0]?.extensions.code, message: r.errors?.[0]?.message };
}

/** Events written as the services write them, at chosen times, by chosen actors. */
async function seed(t: TestApi, rows: { action: string; targetType: string; targetId?: string; actorId?: string | null; at: number; details?: object }[]) {
  for (const r of rows) {
    await t.prisma.auditEvent.create({
      data: { action: r.action, targetType: r.targetType, targetId: r.targetId ?? null, actorId: r.actorId ?? null, createdAt: new Date(r.at), ...(r.details ? { details: r.details } : {}) },
    });
  }
}

const T0 = Date.UTC(2026, 10, 1);

describe("audit log", () => {
  it("records what the API does and lists it newest first with who did it, for administrators", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const created = await t.gql(`mutation { createPatient(input: { code: "AUD1", birthDate: "2026-01-01T00:00:00Z", gestationalAgeWeeks: 39 }) { id } }`, {}, { token });
    const patientId = (created.data!.createPatient as { id: string }).id;
    await t.gql(`mutation($id: ID!) { deletePatient(id: $id) }`, { id: patientId }, { token });
    const admin = await t.login(t.users.ADMIN.email);
    const { page } = await list(t, admin, { targetType: "patient", targetId: patientId });
    expect(page!.edges.map((e) => [e.node.action, e.node.actor?.email, e.node.targetId])).toEqual([
      ["patient.delete", t.users.CLINICIAN.email, patientId],
      ["patient.create", t.users.CLINICIAN.email, patientId],
    ]);
    expect(page!.edges[0]!.node.details).toEqual({ analyses: 0 });
  });

  it("pages through every event exactly once, also when several share a time", async () => {
    const t = await api();
    await seed(t, Array.from({ length: 7 }, (_, i) => ({ action: "user.update", targetType: "user", targetId: `u${i}`, at: T0 + Math.floor(i / 3) * 1000 })));
    const admin = await t.login(t.users.ADMIN.email);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { page } = await list(t, admin, { action: "user.update" }, 2, after);
      expect(page!.totalCount).toBe(7);
      seen.push(...page!.edges.map((e) => e.node.targetId!));
      if (!page!.pageInfo.hasNextPage) break;
      after = page!.pageInfo.endCursor!;
    }
    expect(seen).toEqual(["u6", "u5", "u4", "u3", "u2", "u1", "u0"]);
  });

  it("filters by action, a kind of action, actor, record and time, every given filter at once", async () => {
    const t = await api();
    const clinician = t.users.CLINICIAN.id;
    await seed(t, [
      { action: "analysis.review", targetType: "analysis", targetId: "a1", actorId: clinician, at: T0 + 1000 },
      { action: "analysis.delete", targetType: "analysis", targetId: "a1", actorId: clinician, at: T0 + 2000 },
      { action: "analysis.review", targetType: "analysis", targetId: "a2", actorId: t.users.ADMIN.id, at: T0 + 3000 },
      { action: "analysisx.other", targetType: "analysis", targetId: "a3", at: T0 + 4000 },
      { action: "database.restore", targetType: "database", at: T0 + 5000, details: { file: "gma-20261101.sqlite" } },
    ]);
    const admin = await t.login(t.users.ADMIN.email);
    const ids = async (filter: Record<string, unknown>) => (await list(t, admin, filter)).page!.edges.map((e) => `${e.node.action}:${e.node.targetId ?? "-"}`);
    expect(await ids({ action: "analysis.review" })).toEqual(["analysis.review:a2", "analysis.review:a1"]);
    // A kind matches its own actions only, not another that merely starts with the same letters.
    expect(await ids({ action: "analysis.", from: new Date(T0).toISOString() })).toEqual(["analysis.review:a2", "analysis.delete:a1", "analysis.review:a1"]);
    expect(await ids({ actorId: clinician, from: new Date(T0).toISOString() })).toEqual(["analysis.delete:a1", "analysis.review:a1"]);
    expect(await ids({ targetType: "analysis", targetId: "a1" })).toEqual(["analysis.delete:a1", "analysis.review:a1"]);
    expect(await ids({ from: new Date(T0 + 2000).toISOString(), to: new Date(T0 + 4000).toISOString() })).toEqual(["analysis.review:a2", "analysis.delete:a1"]);
    const restore = (await list(t, admin, { action: "database.restore" })).page!.edges[0]!.node;
    expect(restore).toMatchObject({ actor: null, targetId: null, details: { file: "gma-20261101.sqlite" } });
  });

  it("refuses a record id without its kind, an empty time window and a malformed action with BAD_USER_INPUT", async () => {
    const t = await api();
    const admin = await t.login(t.users.ADMIN.email);
    const noType = await list(t, admin, { targetId: "a1" });
    expect(noType.code).toBe("BAD_USER_INPUT");
    expect(noType.message).toMatch(/targetId needs targetType/);
    expect((await list(t, admin, { from: new Date(T0 + 1000).toISOString(), to: new Date(T0).toISOString() })).code).toBe("BAD_USER_INPUT");
    expect((await list(t, admin, { action: "analysis%" })).code).toBe("BAD_USER_INPUT");
    expect((await list(t, admin, { action: "x".repeat(65) })).code).toBe("BAD_USER_INPUT");
  });

  it("is refused to clinicians and analysts", async () => {
    const t = await api();
    for (const who of [t.users.CLINICIAN, t.users.ANALYST]) {
      expect((await list(t, await t.login(who.email), null)).code).toBe("FORBIDDEN");
    }
  });
});
