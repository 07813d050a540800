import { readFileSync } from "node:fs";
import path from "node:path";
import { archiveAnalyses, type RiskLevel } from "@gma/db";
import { describe, expect, it } from "vitest";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { createFinishedAnalysis } from "../helpers/finished-analysis";
import { syntheticKeypoints, undetectedKeypoints } from "../helpers/fixtures";
import type { TestApi } from "../helpers/test-api";

const harness = useAnalysisHarness();
const { api, worker, patient } = harness;

const code = (r: { errors?: { extensions: { code: string } }[] | undefined }) => r.errors?.[0]?.extensions.code;

/** A finished analysis created `minutesAgo` ago, with the risk level its report would give. */
function finished(t: TestApi, patientId: string, minutesAgo: number, status: "SUCCEEDED" | "FAILED", level: RiskLevel | null) {
  return createFinishedAnalysis(t, patientId, minutesAgo, { status, riskLevel: level, ...(level ? { report: { risk: { level } } } : {}) });
}

const LIST = `query($filter: AnalysisFilter, $first: Int!, $after: String) {
  analyses(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id riskLevel archivedAt } }
  }
}`;

interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string; riskLevel: string | null; archivedAt: string | null } }[];
}

/** Every row of a list, following endCursor page by page, and the totalCount of the first page. */
async function walk(t: TestApi, token: string, filter: Record<string, unknown>, first: number) {
  const rows: ListPage["edges"][number]["node"][] = [];
  let after: string | undefined;
  let totalCount: number | undefined;
  for (;;) {
    const r = await t.gql(LIST, { filter, first, after }, { token });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    const page = r.data!.analyses as ListPage;
    totalCount ??= page.totalCount;
    rows.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return { rows, totalCount };
    after = page.pageInfo.endCursor!;
  }
}

/** Uploads 12 s of synthetic keypoints (normal movement, or no landmark found) for a new patient and queues their analysis. */
async function queueKeypoints(t: TestApi, token: string, codeName: string, kind: "normal" | "undetected") {
  const p = await patient(t, codeName);
  const out = path.join(t.api.services.config.dataDir, `${codeName}.json`);
  const file = kind === "normal" ? syntheticKeypoints(out, 12) : undetectedKeypoints(out);
  const res = await fetch(`${t.api.url}/uploads?kind=keypoints`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: readFileSync(file) });
  const { uploadId } = (await res.json()) as { uploadId: string };
  const r = await t.gql(`mutation($u: String!, $p: ID!) { analyzeKeypoints(input: { uploadId: $u, patientId: $p, ageWeeks: 12 }) { id } }`, { u: uploadId, p: p.id }, { token });
  expect(r.errors).toBeUndefined();
  return (r.data!.analyzeKeypoints as { id: string }).id;
}

async function untilFinished(t: TestApi, token: string, id: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const r = await t.gql(`query($id: ID!) { analysis(id: $id) { status riskLevel report } }`, { id }, { token });
    const a = r.data?.analysis as { status: string; riskLevel: string | null; report: { risk: { level: string } } | null } | undefined;
    if (a && (a.status === "SUCCEEDED" || a.status === "FAILED")) return a;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`analysis ${id} did not finish in time`);
}

describe("an analysis's risk level", () => {
  it("is written with the report when the analysis succeeds, and is null for one that failed", async () => {
    const t = await api();
    await worker(t);
    const token = await t.login(t.users.CLINICIAN.email);
    const ok = await untilFinished(t, token, await queueKeypoints(t, token, "R1", "normal"));
    // No landmark in any frame: valid to upload, refused by the quality gate in the worker.
    const failedId = await queueKeypoints(t, token, "R2", "undetected");
    const failed = await untilFinished(t, token, failedId);

    expect(ok.status).toBe("SUCCEEDED");
    expect(["low", "medium", "high"]).toContain(ok.report!.risk.level);
    expect(ok.riskLevel).toBe(ok.report!.risk.level.toUpperCase());
    const rows = await t.prisma.analysis.findMany({ select: { status: true, riskLevel: true, report: true } });
    const stored = rows.find((r) => r.status === "SUCCEEDED")!;
    expect(stored.riskLevel).toBe((stored.report as { risk: { level: string } }).risk.level);

    expect([failed.status, failed.riskLevel]).toEqual(["FAILED", null]);
    expect((await t.prisma.analysis.findUniqueOrThrow({ where: { id: failedId } })).riskLevel).toBeNull();
  }, 180_000);

  it("filters the list to the levels asked for, hot and archived alike, page by page and scoped to the viewer", async () => {
    const t = await api();
    const [mine, theirs] = [await patient(t, "F1"), await patient(t, "F2")];
    await t.prisma.patient.update({ where: { id: theirs.id }, data: { ownerId: t.users.CLINICIAN2.id } });
    const levels: (RiskLevel | null)[] = ["high", "low", "medium", "high", null, "high", "low", "medium"];
    const made: { id: string }[] = [];
    for (const [i, level] of levels.entries()) made.push(await finished(t, mine.id, 100 - i * 10, level ? "SUCCEEDED" : "FAILED", level));
    await finished(t, theirs.id, 55, "SUCCEEDED", "high");
    // The older half moves to the archive, so the matches are spread over both tables.
    await archiveAnalyses(t.prisma, { olderThanDays: 0, now: new Date(Date.now() - 62 * 60_000) });
    expect([await t.prisma.analysis.count(), await t.prisma.analysisArchive.count()]).toEqual([5, 4]);
    const token = await t.login(t.users.CLINICIAN.email);
    const newestFirst = (keep: (l: RiskLevel | null) => boolean) => made.filter((_, i) => keep(levels[i]!)).map((a) => a.id).reverse();

    const high = await walk(t, token, { includeArchived: true, riskLevel: ["HIGH"] }, 100);
    expect(high.rows.map((r) => r.id)).toEqual(newestFirst((l) => l === "high"));
    expect(high.rows.every((r) => r.riskLevel === "HIGH")).toBe(true);
    expect(high.rows.map((r) => r.archivedAt !== null)).toEqual([false, true, true]);
    expect(high.totalCount).toBe(3);

    // One level passed on its own is a list of one; several are OR-ed; pages of any size agree.
    expect((await walk(t, token, { includeArchived: true, riskLevel: "HIGH" }, 100)).rows).toEqual(high.rows);
    const concerning = newestFirst((l) => l === "medium" || l === "high");
    for (const first of [1, 2, 5]) expect((await walk(t, token, { includeArchived: true, riskLevel: ["MEDIUM", "HIGH"] }, first)).rows.map((r) => r.id), `pages of ${first}`).toEqual(concerning);

    // Without includeArchived only the hot ones; with status, both must hold.
    expect((await walk(t, token, { riskLevel: ["HIGH"] }, 100)).rows.map((r) => r.id)).toEqual(newestFirst((l) => l === "high").slice(0, 1));
    expect((await walk(t, token, { includeArchived: true, riskLevel: ["LOW"], status: "SUCCEEDED" }, 100)).rows.map((r) => r.id)).toEqual(newestFirst((l) => l === "low"));
    expect((await walk(t, token, { includeArchived: true, riskLevel: ["LOW"], status: "FAILED" }, 100)).rows).toEqual([]);

    // The failed analysis has no level, and a filter never lists it.
    const all = await walk(t, token, { includeArchived: true }, 100);
    expect(all.rows.find((r) => r.id === made[4]!.id)!.riskLevel).toBeNull();
    expect(all.rows.map((r) => r.riskLevel)).toEqual([...levels].reverse().map((l) => l?.toUpperCase() ?? null));

    // An admin sees the other clinician's high-risk analysis too.
    expect((await walk(t, await t.login(t.users.ADMIN.email), { includeArchived: true, riskLevel: ["HIGH"] }, 100)).totalCount).toBe(4);
  });

  it("answers an unknown or empty risk level filter with BAD_USER_INPUT and a message that says what to pass", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const unknown = await t.gql(LIST, { filter: { riskLevel: ["SEVERE"] }, first: 10 }, { token });
    expect(code(unknown)).toBe("BAD_USER_INPUT");
    expect(unknown.errors?.[0]?.message).toMatch(/SEVERE/);
    const lowerCase = await t.gql(LIST, { filter: { riskLevel: "high" }, first: 10 }, { token });
    expect(code(lowerCase)).toBe("BAD_USER_INPUT");
    const empty = await t.gql(LIST, { filter: { riskLevel: [] }, first: 10 }, { token });
    expect(code(empty)).toBe("BAD_USER_INPUT");
    expect(empty.errors?.[0]?.message).toMatch(/riskLevel must name at least one level \(LOW, MEDIUM, HIGH\)/);
  });

  it("filters 100 listed analyses, hot and archived, with their patients and requesters in at most 4 SQL statements", async () => {
    const t = await api();
    const patients = [];
    for (let i = 0; i < 10; i++) patients.push(await patient(t, `S${i}`));
    for (let i = 0; i < 200; i++) await finished(t, patients[i % 10]!.id, 300 - i, "SUCCEEDED", i % 2 ? "high" : "low");
    await archiveAnalyses(t.prisma, { olderThanDays: 0, now: new Date(Date.now() - 200.5 * 60_000) });
    const token = await t.login(t.users.ADMIN.email);
    t.sql.count = 0;
    await t.gql(`{ __typename }`, {}, { token });
    const baseline = t.sql.count;
    t.sql.count = 0;
    const r = await t.gql(`{ analyses(first: 100, filter: { includeArchived: true, riskLevel: [HIGH] }) { edges { node { id riskLevel archivedAt patient { code } requestedBy { email } } } } }`, {}, { token });
    const statements = t.sql.count - baseline;
    expect(r.errors).toBeUndefined();
    const nodes = (r.data!.analyses as { edges: { node: { riskLevel: string; archivedAt: string | null } }[] }).edges.map((e) => e.node);
    expect([nodes.length, nodes.every((n) => n.riskLevel === "HIGH"), nodes.filter((n) => n.archivedAt !== null).length]).toEqual([100, true, 50]);
    // Hot page, archive page, patients, requesters.
    expect(statements).toBeLessThanOrEqual(4);
  });
});
