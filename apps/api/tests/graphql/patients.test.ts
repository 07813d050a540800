import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../helpers/test-api";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(async () => {
  await t.close();
});

const PAGE = `query($first: Int!, $after: String) { patients(first: $first, after: $after) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`;
type PageResult = { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

async function seed(n: number, ownerId: string) {
  for (let i = 0; i < n; i++) {
    await t.prisma.patient.create({ data: { code: `P${i}`, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId, createdAt: new Date(1_700_000_000_000 + i * 1000) } });
  }
}

describe("patients", () => {
  it("pages through every patient exactly once, newest first, with hasNextPage false on the last page", async () => {
    await seed(5, t.users.CLINICIAN.id);
    const token = await t.login(t.users.CLINICIAN.email);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await t.gql(PAGE, { first: 2, after }, { token });
      const page = r.data!.patients as PageResult;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e) => e.node.code));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(["P4", "P3", "P2", "P1", "P0"]);
    const empty = await t.gql(PAGE, { first: 0, after: null }, { token });
    expect((empty.data!.patients as PageResult).edges).toEqual([]);
  });

  it("finds patients by a part of their code, ignoring case and surrounding spaces, with _ and % taken literally, in pages and counts alike", async () => {
    const codes = ["INF_01", "INFX01", "inf_02", "ABC%1", "ABCD1", "Q7"];
    for (const [i, code] of codes.entries()) {
      await t.prisma.patient.create({ data: { code, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id, createdAt: new Date(1_700_000_000_000 + i * 1000) } });
    }
    const token = await t.login(t.users.CLINICIAN.email);
    const SEARCH = `query($first: Int!, $after: String, $search: String) { patients(first: $first, after: $after, search: $search) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`;
    const find = async (search: string | null, first = 10, after: string | null = null) => (await t.gql(SEARCH, { first, after, search }, { token })).data!.patients as PageResult;
    const codesOf = (page: PageResult) => page.edges.map((e) => e.node.code);
    expect(codesOf(await find("  inf_0 "))).toEqual(["inf_02", "INF_01"]);
    expect((await find("inf_0")).totalCount).toBe(2);
    expect(codesOf(await find("c%"))).toEqual(["ABC%1"]);
    expect(codesOf(await find("x0"))).toEqual(["INFX01"]);
    expect((await find("   ")).totalCount).toBe(6);
    expect((await find(null)).totalCount).toBe(6);
    // A page of a literal search, then the next one from its cursor.
    const first = await find("_0", 1);
    expect([codesOf(first), first.totalCount, first.pageInfo.hasNextPage]).toEqual([["inf_02"], 2, true]);
    expect(codesOf(await find("_0", 1, first.pageInfo.endCursor))).toEqual(["INF_01"]);
  });

  it("refuses a search longer than any code with BAD_USER_INPUT saying what to type", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const r = await t.gql(`query($s: String) { patients(first: 5, search: $s) { totalCount } }`, { s: "A".repeat(65) }, { token });
    expect(r.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toContain("search is longer than 64 characters");
    expect((await t.gql(`query($s: String) { patients(first: 5, search: $s) { totalCount } }`, { s: "A".repeat(64) }, { token })).errors).toBeUndefined();
  });

  it("answers malformed cursors and oversized pages with BAD_USER_INPUT", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    for (const after of ["not-a-cursor!", Buffer.from("[1]").toString("base64url"), "x".repeat(300)]) {
      expect((await t.gql(PAGE, { first: 2, after }, { token })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    }
    expect((await t.gql(PAGE, { first: 101 }, { token })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("hides another clinician's patients (NOT_FOUND) and lets an admin see them", async () => {
    await seed(1, t.users.CLINICIAN2.id);
    const id = (await t.prisma.patient.findFirstOrThrow()).id;
    const mine = await t.login(t.users.CLINICIAN.email);
    expect((await t.gql(`query($id: ID!) { patient(id: $id) { code } }`, { id }, { token: mine })).errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(((await t.gql(PAGE, { first: 10 }, { token: mine })).data!.patients as PageResult).totalCount).toBe(0);
    const admin = await t.login(t.users.ADMIN.email);
    expect((await t.gql(`query($id: ID!) { patient(id: $id) { code owner { email } } }`, { id }, { token: admin })).data?.patient).toEqual({
      code: "P0",
      owner: { email: t.users.CLINICIAN2.email },
    });
  });

  it("rejects invalid input and duplicate codes with coded errors and stores nothing", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const create = `mutation($code: String!, $ga: Float!) { createPatient(input: { code: $code, birthDate: "2025-01-01T00:00:00Z", gestationalAgeWeeks: $ga }) { id } }`;
    expect((await t.gql(create, { code: "../../etc/passwd", ga: 39 }, { token })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect((await t.gql(create, { code: "OK1", ga: 3 }, { token })).errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(await t.prisma.patient.count()).toBe(0);
    expect((await t.gql(create, { code: "OK1", ga: 39 }, { token })).errors).toBeUndefined();
    expect((await t.gql(create, { code: "OK1", ga: 39 }, { token })).errors?.[0]?.extensions.code).toBe("CONFLICT");
  });

  it("deletes a patient with its analyses and records an audit event", async () => {
    await seed(1, t.users.CLINICIAN.id);
    const patient = await t.prisma.patient.findFirstOrThrow();
    await t.prisma.analysis.create({ data: { patientId: patient.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p" } });
    const token = await t.login(t.users.CLINICIAN.email);
    expect((await t.gql(`mutation($id: ID!) { deletePatient(id: $id) }`, { id: patient.id }, { token })).data?.deletePatient).toBe(true);
    expect(await t.prisma.analysis.count()).toBe(0);
    expect(await t.prisma.auditEvent.count({ where: { action: "patient.delete", targetId: patient.id } })).toBe(1);
  });

  it("lists 100 analyses with their patient and requester in at most 3 SQL statements", async () => {
    await seed(20, t.users.CLINICIAN.id);
    const patients = await t.prisma.patient.findMany();
    for (let i = 0; i < 100; i++) {
      await t.prisma.analysis.create({ data: { patientId: patients[i % 20]!.id, requestedById: t.users.CLINICIAN.id, videoFingerprint: `f${i}`, ageWeeks: 12, paramsHash: "p" } });
    }
    const token = await t.login(t.users.ADMIN.email);
    // What the request costs before any resolver (the session lookup), measured the same way.
    t.sql.count = 0;
    await t.gql(`{ __typename }`, {}, { token });
    const baseline = t.sql.count;
    t.sql.count = 0;
    const r = await t.gql(`{ analyses(first: 100) { edges { node { id patient { code } requestedBy { email } } } } }`, {}, { token });
    const statements = t.sql.count - baseline;
    expect(r.errors).toBeUndefined();
    expect((r.data!.analyses as { edges: unknown[] }).edges).toHaveLength(100);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(3);
  });

  it("refuses queries deeper than the configured limit with QUERY_TOO_DEEP", async () => {
    const token = await t.login(t.users.ADMIN.email);
    const deep = `{ analyses(first: 1) { edges { node { patient { owner { id } } } } } }`;
    const shallow = await startTestApi({ GRAPHQL_MAX_DEPTH: "4" });
    try {
      const token2 = await shallow.login(shallow.users.ADMIN.email);
      const r = await shallow.gql(deep, {}, { token: token2 });
      expect(r.errors?.[0]?.extensions.code).toBe("QUERY_TOO_DEEP");
    } finally {
      await shallow.close();
    }
    expect((await t.gql(deep, {}, { token })).errors).toBeUndefined();
  });

  it("refuses an operation over GRAPHQL_MAX_COMPLEXITY with QUERY_TOO_COMPLEX, deciding per variables when the same document is sent again", async () => {
    const small = await startTestApi({ GRAPHQL_MAX_COMPLEXITY: "50" });
    try {
      const token = await small.login(small.users.ADMIN.email);
      const query = `query Page($n: Int!) { analyses(first: $n) { edges { node { id ageWeeks } } } }`;
      const sent = async (n: number) => (await small.gql(query, { n }, { token })).errors?.map((e) => e.extensions.code) ?? [];
      expect(await sent(2)).toEqual([]);
      expect(await sent(40)).toEqual(["QUERY_TOO_COMPLEX"]);
      expect(await sent(2)).toEqual([]);
      expect(await sent(40)).toEqual(["QUERY_TOO_COMPLEX"]);
    } finally {
      await small.close();
    }
  });
});
