import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { archiveAnalyses } from "@gma/db";
import { describe, expect, it } from "vitest";
import { createFinishedAnalysis } from "../helpers/finished-analysis";
import { useTestApis, type TestApi } from "../helpers/test-api";
import { createTestPatient } from "../helpers/test-patient";

const { api } = useTestApis();

const patient = createTestPatient;

/** A finished analysis with a report when it succeeded, created `minutesAgo` ago. */
function finished(t: TestApi, patientId: string, minutesAgo: number, status: "SUCCEEDED" | "FAILED" | "CANCELLED" = "SUCCEEDED") {
  return createFinishedAnalysis(t, patientId, minutesAgo, { status, ...(status === "SUCCEEDED" ? { report: { schemaVersion: "1.1.0", note: `report ${minutesAgo}` } } : {}) });
}

const code = (r: { errors?: { extensions: { code: string } }[] | undefined }) => r.errors?.[0]?.extensions.code;

const LIST = `query($filter: AnalysisFilter, $first: Int!, $after: String) {
  analyses(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status archivedAt report patient { code } } }
  }
}`;

interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; status: string; archivedAt: string | null; report: unknown; patient: { code: string } } }[];
}

async function list(t: TestApi, token: string, filter: Record<string, unknown> | null, first = 100, after?: string): Promise<ListPage> {
  const r = await t.gql(LIST, { filter, first, after }, { token });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.analyses as ListPage;
}

/** Every id of a list, following endCursor page by page. */
async function walk(t: TestApi, token: string, filter: Record<string, unknown> | null, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await list(t, token, filter, first, after);
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor!;
  }
}

describe("archived analyses", () => {
  it("are read by analysis(id) for their owner and admins, with archivedAt and their report, and refused to others as hot ones are", async () => {
    const t = await api();
    const p = await patient(t, "G1");
    const a = await finished(t, p.id, 10);
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    const { archivedAt } = await t.prisma.analysisArchive.findUniqueOrThrow({ where: { id: a.id } });
    const query = `query($id: ID!) { analysis(id: $id) { id status archivedAt report progress stage patient { id } requestedBy { email } } }`;
    for (const who of [t.users.CLINICIAN, t.users.ADMIN]) {
      const r = await t.gql(query, { id: a.id }, { token: await t.login(who.email) });
      expect(r.errors).toBeUndefined();
      expect(r.data!.analysis).toEqual({
        id: a.id,
        status: "SUCCEEDED",
        archivedAt: archivedAt.toISOString(),
        report: { schemaVersion: "1.1.0", note: "report 10" },
        progress: 100,
        stage: "done",
        patient: { id: p.id },
        requestedBy: { email: t.users.CLINICIAN.email },
      });
    }
    expect(code(await t.gql(query, { id: a.id }, { token: await t.login(t.users.CLINICIAN2.email) }))).toBe("NOT_FOUND");
    expect(code(await t.gql(query, { id: a.id }, { token: await t.login(t.users.ANALYST.email) }))).toBe("FORBIDDEN");
  });

  it("cost analysis(id) one more indexed lookup than a hot analysis, and a hot analysis none", async () => {
    const t = await api();
    const p = await patient(t, "G2");
    const old = await finished(t, p.id, 10);
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    const hot = await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "h", ageWeeks: 12, paramsHash: "p", status: "RUNNING" } });
    const token = await t.login(t.users.CLINICIAN.email);
    const statements = async (id: string) => {
      const before = t.sql.count;
      const r = await t.gql(`query($id: ID!) { analysis(id: $id) { id archivedAt } }`, { id }, { token });
      expect(r.errors).toBeUndefined();
      return t.sql.count - before;
    };
    await statements(hot.id); // the session is touched on first use
    const [h1, a1, h2] = [await statements(hot.id), await statements(old.id), await statements(hot.id)];
    expect(h1).toBe(h2);
    expect(a1).toBe(h1 + 1);
  });

  it("are listed by analyses only with includeArchived, merged newest first over pages with one cursor, scoped and filtered as hot ones", async () => {
    const t = await api();
    const [mine, alsoMine, theirs] = [await patient(t, "L1"), await patient(t, "L2"), await patient(t, "L3", t.users.CLINICIAN2.id)];
    // Interleaved in time: archived and hot analyses alternate in the merged order.
    const made: Awaited<ReturnType<typeof finished>>[] = [];
    for (let i = 0; i < 6; i++) made.push(await finished(t, i % 2 ? alsoMine.id : mine.id, 100 - i * 10, i === 4 ? "FAILED" : "SUCCEEDED"));
    await finished(t, theirs.id, 55);
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    // Hot ones, created after the archiving run, in between the archived ones by createdAt.
    const running = await t.prisma.analysis.create({ data: { patientId: mine.id, videoFingerprint: "r", ageWeeks: 12, paramsHash: "p", status: "RUNNING", createdAt: new Date(Date.now() - 75 * 60_000) } });
    const queued = await t.prisma.analysis.create({ data: { patientId: alsoMine.id, videoFingerprint: "q", ageWeeks: 12, paramsHash: "p", status: "QUEUED", createdAt: new Date(Date.now() - 35 * 60_000) } });
    const token = await t.login(t.users.CLINICIAN.email);

    // Unchanged for existing clients: the archived ones are not listed.
    const hotOnly = await list(t, token, null);
    expect(hotOnly.edges.map((e) => e.node.id)).toEqual([queued.id, running.id]);
    expect(hotOnly.totalCount).toBe(2);
    expect(hotOnly.edges.every((e) => e.node.archivedAt === null)).toBe(true);
    expect(await list(t, token, { includeArchived: false })).toEqual(hotOnly);

    const newestFirst = [queued, made[5]!, made[4]!, made[3]!, running, made[2]!, made[1]!, made[0]!].map((a) => a.id);
    const all = await list(t, token, { includeArchived: true });
    expect(all.edges.map((e) => e.node.id)).toEqual(newestFirst);
    expect(all.totalCount).toBe(8);
    expect(all.edges.find((e) => e.node.id === made[0]!.id)!.node).toMatchObject({ status: "SUCCEEDED", report: { note: "report 100" }, patient: { code: "L1" } });
    expect(all.edges.filter((e) => e.node.archivedAt !== null).map((e) => e.node.id).sort()).toEqual(made.map((a) => a.id).sort());
    for (const first of [1, 2, 3]) expect(await walk(t, token, { includeArchived: true }, first), `pages of ${first}`).toEqual(newestFirst);

    expect((await list(t, token, { includeArchived: true, patientId: alsoMine.id })).edges.map((e) => e.node.id)).toEqual([queued.id, made[5]!.id, made[3]!.id, made[1]!.id]);
    expect((await list(t, token, { includeArchived: true, status: "FAILED" })).edges.map((e) => e.node.id)).toEqual([made[4]!.id]);
    const runningOnly = await list(t, token, { includeArchived: true, status: "RUNNING" });
    expect([runningOnly.edges.map((e) => e.node.id), runningOnly.totalCount]).toEqual([[running.id], 1]);

    // The other clinician sees only their own; admins see everyone's; analysts no patient data.
    const other = await list(t, await t.login(t.users.CLINICIAN2.email), { includeArchived: true });
    expect(other.edges.map((e) => e.node.patient.code)).toEqual(["L3"]);
    expect((await list(t, await t.login(t.users.ADMIN.email), { includeArchived: true })).totalCount).toBe(9);
    expect(code(await t.gql(LIST, { filter: { includeArchived: true }, first: 5 }, { token: await t.login(t.users.ANALYST.email) }))).toBe("FORBIDDEN");

    // Patient.analyses as well, on request.
    const r = await t.gql(`{ patients(first: 10) { edges { node { code hot: analyses { id } all: analyses(includeArchived: true, first: 3) { id archivedAt } } } } }`, {}, { token });
    const byCode = Object.fromEntries((r.data!.patients as { edges: { node: { code: string; hot: { id: string }[]; all: { id: string; archivedAt: string | null }[] } }[] }).edges.map((e) => [e.node.code, e.node]));
    expect(byCode.L2!.hot.map((a) => a.id)).toEqual([queued.id]);
    expect(byCode.L2!.all.map((a) => a.id)).toEqual([queued.id, made[5]!.id, made[3]!.id]);
    expect(byCode.L2!.all.map((a) => a.archivedAt === null)).toEqual([true, false, false]);
  });

  it("are listed with hot ones, their patients and requesters in at most 4 SQL statements for 100 rows", async () => {
    const t = await api();
    const patients = [];
    for (let i = 0; i < 10; i++) patients.push(await patient(t, `B${i}`));
    for (let i = 0; i < 100; i++) await finished(t, patients[i % 10]!.id, 200 - i);
    await archiveAnalyses(t.prisma, { olderThanDays: 0, now: new Date(Date.now() - 150.5 * 60_000) });
    expect([await t.prisma.analysis.count(), await t.prisma.analysisArchive.count()]).toEqual([50, 50]);
    const token = await t.login(t.users.ADMIN.email);
    t.sql.count = 0;
    await t.gql(`{ __typename }`, {}, { token });
    const baseline = t.sql.count;
    t.sql.count = 0;
    const r = await t.gql(`{ analyses(first: 100, filter: { includeArchived: true }) { edges { node { id archivedAt patient { code } requestedBy { email } } } } }`, {}, { token });
    const statements = t.sql.count - baseline;
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.analyses as { edges: { node: { archivedAt: string | null; requestedBy: { email: string } } }[] }).edges.map((e) => e.node);
    expect([nodes.length, nodes.filter((n) => n.archivedAt !== null).length]).toEqual([100, 50]);
    expect(nodes.every((n) => n.requestedBy.email === t.users.CLINICIAN.email)).toBe(true);
    // Hot page, archive page, patients, requesters.
    expect(statements).toBeLessThanOrEqual(4);
  });

  it("keeps its place in a list paged while the archiving job runs: none listed twice, none skipped", async () => {
    const t = await api();
    const p = await patient(t, "M1");
    const made: Awaited<ReturnType<typeof finished>>[] = [];
    for (let i = 0; i < 6; i++) made.push(await finished(t, p.id, 60 - i * 10));
    const newestFirst = made.map((a) => a.id).reverse();
    const token = await t.login(t.users.CLINICIAN.email);
    const first = await list(t, token, { includeArchived: true }, 3);
    expect(first.edges.map((e) => e.node.archivedAt)).toEqual([null, null, null]);
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    const rest = await list(t, token, { includeArchived: true }, 3, first.pageInfo.endCursor!);
    expect([...first.edges, ...rest.edges].map((e) => e.node.id)).toEqual(newestFirst);
    expect(rest.edges.every((e) => e.node.archivedAt !== null)).toBe(true);
  });

  it("answers cancelAnalysis with CONFLICT saying it is archived, and changes nothing", async () => {
    const t = await api();
    const p = await patient(t, "C1");
    const a = await finished(t, p.id, 10);
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    const before = await t.prisma.analysisArchive.findUniqueOrThrow({ where: { id: a.id } });
    const r = await t.gql(`mutation($id: ID!) { cancelAnalysis(id: $id) { id } }`, { id: a.id }, { token: await t.login(t.users.CLINICIAN.email) });
    expect(code(r)).toBe("CONFLICT");
    expect(r.errors![0]!.message).toMatch(/archived.*SUCCEEDED/);
    expect(await t.prisma.analysisArchive.findUniqueOrThrow({ where: { id: a.id } })).toEqual(before);
    expect(await t.prisma.auditEvent.count({ where: { action: "analysis.cancel" } })).toBe(0);
    expect(code(await t.gql(`mutation($id: ID!) { cancelAnalysis(id: $id) { id } }`, { id: a.id }, { token: await t.login(t.users.CLINICIAN2.email) }))).toBe("NOT_FOUND");
  });

  it("are deleted by deleteAnalysis with their files, audited as hot deletes, only by who may read them", async () => {
    const t = await api();
    const files = t.api.services.analysisFiles;
    const p = await patient(t, "D1");
    const [a, kept] = [await finished(t, p.id, 10), await finished(t, p.id, 20)];
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    mkdirSync(files.dir, { recursive: true });
    for (const id of [a.id, kept.id]) {
      await files.writeKeypoints(id, new Uint8Array([1, 2, 3]));
      writeFileSync(files.inputPath(id), "input");
    }
    const del = `mutation($id: ID!) { deleteAnalysis(id: $id) }`;

    expect(code(await t.gql(del, { id: a.id }, { token: await t.login(t.users.CLINICIAN2.email) }))).toBe("NOT_FOUND");
    expect(code(await t.gql(del, { id: a.id }, { token: await t.login(t.users.ANALYST.email) }))).toBe("FORBIDDEN");
    expect(await t.prisma.analysisArchive.count({ where: { id: a.id } })).toBe(1);
    expect(existsSync(files.keypointsPath(a.id))).toBe(true);

    const token = await t.login(t.users.CLINICIAN.email);
    expect((await t.gql(del, { id: a.id }, { token })).data?.deleteAnalysis).toBe(true);
    expect(await t.prisma.analysisArchive.count({ where: { id: a.id } })).toBe(0);
    expect([existsSync(files.keypointsPath(a.id)), existsSync(files.inputPath(a.id))]).toEqual([false, false]);
    expect(await t.prisma.auditEvent.findMany({ where: { action: "analysis.delete" }, select: { actorId: true, targetType: true, targetId: true, details: true } })).toEqual([
      { actorId: t.users.CLINICIAN.id, targetType: "analysis", targetId: a.id, details: { archived: true } },
    ]);
    expect(code(await t.gql(`query($id: ID!) { analysis(id: $id) { id } }`, { id: a.id }, { token }))).toBe("NOT_FOUND");
    expect(code(await t.gql(del, { id: a.id }, { token }))).toBe("NOT_FOUND");
    // The other archived analysis and its files are untouched.
    expect(await t.prisma.analysisArchive.count({ where: { id: kept.id } })).toBe(1);
    expect([existsSync(files.keypointsPath(kept.id)), existsSync(files.inputPath(kept.id))]).toEqual([true, true]);
  });
});
