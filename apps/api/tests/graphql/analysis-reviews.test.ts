import { archiveAnalyses } from "@gma/db";
import { describe, expect, it } from "vitest";
import { createFinishedAnalysis } from "../helpers/finished-analysis";
import { useTestApis, type TestApi } from "../helpers/test-api";
import { createTestPatient } from "../helpers/test-patient";

const { api } = useTestApis();

const patient = createTestPatient;

/** A SUCCEEDED analysis whose report gave `risk`, made with model `version`. */
async function succeeded(t: TestApi, patientId: string, minutesAgo: number, risk: "low" | "medium" | "high" = "high", version = "m@1") {
  const a = await createFinishedAnalysis(t, patientId, minutesAgo, { status: "SUCCEEDED", report: { risk: { level: risk } }, riskLevel: risk });
  return t.prisma.analysis.update({ where: { id: a.id }, data: { modelVersion: version } });
}

const code = (r: { errors?: { extensions: { code: string } }[] | undefined }) => r.errors?.[0]?.extensions.code;

const REVIEW = `mutation($input: ReviewAnalysisInput!) {
  reviewAnalysis(input: $input) { analysisId classification notes modelRiskLevel modelVersion reviewer { email } }
}`;
const WITHDRAW = `mutation($id: ID!) { withdrawAnalysisReview(analysisId: $id) }`;
const READ = `query($id: ID!) { analysis(id: $id) { id review { classification notes modelRiskLevel reviewer { email } } } }`;
const AGREEMENT = `query($v: String) { reviewAgreement(modelVersion: $v) { modelVersion modelRiskLevel classification count } }`;

describe("analysis reviews", () => {
  it("records a clinician's class and trimmed notes with the model's risk and version, serves them on the analysis, and audits the change without the notes", async () => {
    const t = await api();
    const a = await succeeded(t, (await patient(t, "R1")).id, 5, "high", "m@7");
    const token = await t.login(t.users.CLINICIAN.email);
    const r = await t.gql(REVIEW, { input: { analysisId: a.id, classification: "ABSENT_FIDGETY", notes: "  No fidgety movements seen in 3 min.\n  " } }, { token });
    expect(r.errors).toBeUndefined();
    expect(r.data!.reviewAnalysis).toEqual({
      analysisId: a.id,
      classification: "ABSENT_FIDGETY",
      notes: "No fidgety movements seen in 3 min.",
      modelRiskLevel: "HIGH",
      modelVersion: "m@7",
      reviewer: { email: t.users.CLINICIAN.email },
    });
    expect((await t.gql(READ, { id: a.id }, { token })).data!.analysis).toEqual({
      id: a.id,
      review: { classification: "ABSENT_FIDGETY", notes: "No fidgety movements seen in 3 min.", modelRiskLevel: "HIGH", reviewer: { email: t.users.CLINICIAN.email } },
    });
    const audit = await t.prisma.auditEvent.findMany({ where: { action: "analysis.review" }, select: { actorId: true, targetId: true, details: true } });
    expect(audit).toEqual([
      { actorId: t.users.CLINICIAN.id, targetId: a.id, details: { classification: "ABSENT_FIDGETY", previousClassification: null, modelRiskLevel: "high", notesChanged: true } },
    ]);
    expect(JSON.stringify(audit)).not.toContain("fidgety movements seen");
  });

  it("replaces an earlier review, keeping one row, and a blank note clears the notes", async () => {
    const t = await api();
    const a = await succeeded(t, (await patient(t, "R2")).id, 5, "low");
    const token = await t.login(t.users.CLINICIAN.email);
    await t.gql(REVIEW, { input: { analysisId: a.id, classification: "NORMAL_FIDGETY", notes: "fine" } }, { token });
    const admin = await t.login(t.users.ADMIN.email);
    const r = await t.gql(REVIEW, { input: { analysisId: a.id, classification: "ABNORMAL_FIDGETY", notes: "   " } }, { token: admin });
    expect(r.data!.reviewAnalysis).toMatchObject({ classification: "ABNORMAL_FIDGETY", notes: null, reviewer: { email: t.users.ADMIN.email } });
    expect(await t.prisma.analysisReview.count()).toBe(1);
    const details = (await t.prisma.auditEvent.findMany({ where: { action: "analysis.review" }, orderBy: { id: "asc" } })).map((e) => e.details);
    expect(details[1]).toEqual({ classification: "ABNORMAL_FIDGETY", previousClassification: "NORMAL_FIDGETY", modelRiskLevel: "low", notesChanged: true });
  });

  it("refuses a review of an analysis without a report (CONFLICT), of another clinician's or a missing one (NOT_FOUND) and notes over 4000 characters (BAD_USER_INPUT), storing nothing", async () => {
    const t = await api();
    const mine = await patient(t, "R3");
    const failed = await createFinishedAnalysis(t, mine.id, 9, { status: "FAILED" });
    const running = await t.prisma.analysis.create({ data: { patientId: mine.id, videoFingerprint: "r", ageWeeks: 12, paramsHash: "p", status: "RUNNING" } });
    const ok = await succeeded(t, mine.id, 3);
    const theirs = await succeeded(t, (await patient(t, "R4", t.users.CLINICIAN2.id)).id, 4);
    const token = await t.login(t.users.CLINICIAN.email);
    const failedReply = await t.gql(REVIEW, { input: { analysisId: failed.id, classification: "NORMAL_FIDGETY" } }, { token });
    expect(code(failedReply)).toBe("CONFLICT");
    expect(failedReply.errors![0]!.message).toMatch(/failed: only a finished analysis with a report can be reviewed/);
    expect(code(await t.gql(REVIEW, { input: { analysisId: running.id, classification: "NORMAL_FIDGETY" } }, { token }))).toBe("CONFLICT");
    expect(code(await t.gql(REVIEW, { input: { analysisId: theirs.id, classification: "NORMAL_FIDGETY" } }, { token }))).toBe("NOT_FOUND");
    expect(code(await t.gql(REVIEW, { input: { analysisId: "nope", classification: "NORMAL_FIDGETY" } }, { token }))).toBe("NOT_FOUND");
    const long = await t.gql(REVIEW, { input: { analysisId: ok.id, classification: "NORMAL_FIDGETY", notes: "x".repeat(4001) } }, { token });
    expect(code(long)).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(long.errors)).toContain("at most 4000 characters");
    expect(code(await t.gql(REVIEW, { input: { analysisId: ok.id, classification: "SOMETHING" } }, { token }))).toBe("BAD_USER_INPUT");
    expect(await t.prisma.analysisReview.count()).toBe(0);
    expect(await t.prisma.auditEvent.count({ where: { action: "analysis.review" } })).toBe(0);
    // Exactly 4000 characters is allowed.
    expect((await t.gql(REVIEW, { input: { analysisId: ok.id, classification: "NORMAL_FIDGETY", notes: "x".repeat(4000) } }, { token })).errors).toBeUndefined();
  });

  it("keeps a review when its analysis is archived, lets it be changed there, and deletes it with the analysis or the patient", async () => {
    const t = await api();
    const p = await patient(t, "R5");
    const archived = await succeeded(t, p.id, 30);
    const hot = await succeeded(t, p.id, 20);
    const other = await succeeded(t, (await patient(t, "R6")).id, 10);
    const token = await t.login(t.users.CLINICIAN.email);
    for (const a of [archived, hot, other]) await t.gql(REVIEW, { input: { analysisId: a.id, classification: "CRAMPED_SYNCHRONISED" } }, { token });
    await archiveAnalyses(t.prisma, { olderThanDays: 0 });
    expect(await t.prisma.analysisArchive.count({ where: { id: archived.id } })).toBe(1);
    expect((await t.gql(READ, { id: archived.id }, { token })).data!.analysis).toMatchObject({ review: { classification: "CRAMPED_SYNCHRONISED" } });
    expect((await t.gql(REVIEW, { input: { analysisId: archived.id, classification: "POOR_REPERTOIRE" } }, { token })).errors).toBeUndefined();

    expect((await t.gql(`mutation($id: ID!) { deleteAnalysis(id: $id) }`, { id: archived.id }, { token })).data?.deleteAnalysis).toBe(true);
    expect(await t.prisma.analysisReview.findMany({ select: { analysisId: true }, orderBy: { analysisId: "asc" } })).toEqual(
      [hot.id, other.id].sort().map((analysisId) => ({ analysisId })),
    );
    expect((await t.gql(`mutation($id: ID!) { deletePatient(id: $id) }`, { id: p.id }, { token })).data?.deletePatient).toBe(true);
    expect(await t.prisma.analysisReview.findMany({ select: { analysisId: true } })).toEqual([{ analysisId: other.id }]);
  });

  it("withdraws a review with an audit entry, and answers NOT_FOUND when there is none to withdraw", async () => {
    const t = await api();
    const a = await succeeded(t, (await patient(t, "R7")).id, 5);
    const token = await t.login(t.users.CLINICIAN.email);
    expect(code(await t.gql(WITHDRAW, { id: a.id }, { token }))).toBe("NOT_FOUND");
    await t.gql(REVIEW, { input: { analysisId: a.id, classification: "NOT_ASSESSABLE" } }, { token });
    const other = await t.login(t.users.CLINICIAN2.email);
    expect(code(await t.gql(WITHDRAW, { id: a.id }, { token: other }))).toBe("NOT_FOUND");
    expect((await t.gql(WITHDRAW, { id: a.id }, { token })).data?.withdrawAnalysisReview).toBe(true);
    expect((await t.gql(READ, { id: a.id }, { token })).data!.analysis).toEqual({ id: a.id, review: null });
    expect(await t.prisma.auditEvent.count({ where: { action: "analysis.review_withdraw", targetId: a.id, actorId: t.users.CLINICIAN.id } })).toBe(1);
  });

  it("lists the analyses still to review and those reviewed, archived ones included, page by page, within a risk filter", async () => {
    const t = await api();
    const p = await patient(t, "R10");
    const token = await t.login(t.users.CLINICIAN.email);
    const [a1, a2, a3, a4] = [await succeeded(t, p.id, 40, "high"), await succeeded(t, p.id, 30, "low"), await succeeded(t, p.id, 20, "high"), await succeeded(t, p.id, 10, "high")];
    await createFinishedAnalysis(t, p.id, 5, { status: "FAILED" });
    await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "q", ageWeeks: 12, paramsHash: "p", status: "QUEUED" } });
    for (const a of [a1!, a3!]) await t.gql(REVIEW, { input: { analysisId: a.id, classification: "ABSENT_FIDGETY" } }, { token });
    // a1 (reviewed) and a2 (not) move to the archive; the review and its class go with a1.
    await archiveAnalyses(t.prisma, { olderThanDays: 0.02 });
    expect((await t.prisma.analysisArchive.findMany({ select: { id: true, reviewClassification: true }, orderBy: { createdAt: "asc" } }))).toEqual([
      { id: a1!.id, reviewClassification: "ABSENT_FIDGETY" },
      { id: a2!.id, reviewClassification: null },
    ]);
    const walk = async (filter: Record<string, unknown>) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r = await t.gql(`query($f: AnalysisFilter, $a: String) { analyses(filter: $f, first: 1, after: $a) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { f: filter, a: after }, { token });
        expect(r.errors).toBeUndefined();
        const page = r.data!.analyses as { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        ids.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) return { ids, total: page.totalCount };
        after = page.pageInfo.endCursor;
      }
    };
    expect(await walk({ reviewed: false })).toEqual({ ids: [a4!.id], total: 1 });
    expect(await walk({ reviewed: false, includeArchived: true })).toEqual({ ids: [a4!.id, a2!.id], total: 2 });
    expect(await walk({ reviewed: true, includeArchived: true })).toEqual({ ids: [a3!.id, a1!.id], total: 2 });
    expect(await walk({ reviewed: false, includeArchived: true, riskLevel: ["HIGH"] })).toEqual({ ids: [a4!.id], total: 1 });
    expect(await walk({ reviewed: false, status: "FAILED" })).toEqual({ ids: [], total: 0 });
    // Withdrawn, from the archive too: to review again.
    await t.gql(WITHDRAW, { id: a1!.id }, { token });
    expect(await walk({ reviewed: false, includeArchived: true })).toEqual({ ids: [a4!.id, a2!.id, a1!.id], total: 3 });
  });

  it("finds an administrator's analyses still to review through the worklist's own index", async () => {
    const t = await api();
    const p = await patient(t, "R11");
    for (let i = 0; i < 3; i++) await succeeded(t, p.id, i + 1);
    t.sql.sent = [];
    const r = await t.gql(`{ analyses(first: 2, filter: { reviewed: false }) { edges { node { id } } } }`, {}, { token: await t.login(t.users.ADMIN.email) });
    const sent = t.sql.sent.filter((s) => /FROM [`"]?main[`"]?\.[`"]?analyses[`"]?|FROM [`"]?analyses[`"]?/.test(s.sql) && s.sql.includes("review_classification"));
    t.sql.sent = undefined;
    expect((r.data!.analyses as { edges: unknown[] }).edges).toHaveLength(2);
    expect(sent).toHaveLength(1);
    const plan = await t.prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sent[0]!.sql}`, ...sent[0]!.args);
    expect(plan.map((row) => row.detail).join("\n")).toContain("idx_analyses_to_review");
  });

  it("serves the review of every analysis on a page with one query for the reviews", async () => {
    const t = await api();
    const p = await patient(t, "R8");
    const token = await t.login(t.users.CLINICIAN.email);
    for (let i = 0; i < 6; i++) {
      const a = await succeeded(t, p.id, i + 1);
      if (i % 2 === 0) await t.gql(REVIEW, { input: { analysisId: a.id, classification: "NORMAL_FIDGETY" } }, { token });
    }
    const cost = async (fields: string) => {
      t.sql.count = 0;
      const r = await t.gql(`{ analyses(first: 10) { edges { node { id ${fields} } } } }`, {}, { token });
      expect(r.errors).toBeUndefined();
      return { n: t.sql.count, nodes: (r.data!.analyses as { edges: { node: { review?: unknown } }[] }).edges.map((e) => e.node) };
    };
    const bare = await cost("");
    const withReviews = await cost("review { classification }");
    expect(withReviews.nodes.filter((x) => x.review !== null)).toHaveLength(3);
    // Six analyses, one statement for all their reviews.
    expect(withReviews.n - bare.n).toBe(1);
  });

  it("counts reviews by model version, the model's risk and the clinician's class, for everyone and without patient data", async () => {
    const t = await api();
    const p = await patient(t, "R9");
    const token = await t.login(t.users.CLINICIAN.email);
    const plan: [string, "low" | "medium" | "high", string][] = [
      ["m@1", "high", "ABSENT_FIDGETY"],
      ["m@1", "high", "ABSENT_FIDGETY"],
      ["m@1", "low", "NORMAL_FIDGETY"],
      ["m@1", "high", "NORMAL_FIDGETY"],
      ["m@2", "medium", "POOR_REPERTOIRE"],
    ];
    for (const [i, [version, risk, cls]] of plan.entries()) {
      const a = await succeeded(t, p.id, i + 1, risk, version);
      await t.gql(REVIEW, { input: { analysisId: a.id, classification: cls } }, { token });
    }
    const analyst = await t.login(t.users.ANALYST.email);
    const all = await t.gql(AGREEMENT, {}, { token: analyst });
    expect(all.errors).toBeUndefined();
    expect(all.data!.reviewAgreement).toEqual([
      { modelVersion: "m@1", modelRiskLevel: "LOW", classification: "NORMAL_FIDGETY", count: 1 },
      { modelVersion: "m@1", modelRiskLevel: "HIGH", classification: "NORMAL_FIDGETY", count: 1 },
      { modelVersion: "m@1", modelRiskLevel: "HIGH", classification: "ABSENT_FIDGETY", count: 2 },
      { modelVersion: "m@2", modelRiskLevel: "MEDIUM", classification: "POOR_REPERTOIRE", count: 1 },
    ]);
    const one = await t.gql(AGREEMENT, { v: "m@2" }, { token: await t.login(t.users.CLINICIAN2.email) });
    expect(one.data!.reviewAgreement).toEqual([{ modelVersion: "m@2", modelRiskLevel: "MEDIUM", classification: "POOR_REPERTOIRE", count: 1 }]);
    // An empty version is one no analysis has, not every version.
    expect((await t.gql(AGREEMENT, { v: "" }, { token: analyst })).data!.reviewAgreement).toEqual([]);
  });
});
