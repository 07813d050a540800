import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnalysisStatus, archiveAnalyses, readArchivedAnalysis, type RiskLevel } from "../../src";
import { createTempDatabase, insertUser, type TempDatabase } from "../helpers/temp-database";

const DAY = 86_400_000;

describe("archiveAnalyses", () => {
  let db: TempDatabase;
  let patientId: string;
  let ownerId: string;
  beforeEach(async () => {
    db = await createTempDatabase();
    ownerId = await insertUser(db);
    patientId = (await db.prisma.patient.create({ data: { code: "P-001", birthDate: new Date("2024-01-01"), gestationalAgeWeeks: 39, ownerId } })).id;
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addAnalysis = (status: AnalysisStatus, ageDays: number, extra: { windowErrors?: Uint8Array<ArrayBuffer>; riskLevel?: RiskLevel } = {}) =>
    db.prisma.analysis.create({
      data: {
        patientId,
        requestedById: ownerId,
        videoFingerprint: `f-${Math.random()}`,
        ageWeeks: 12,
        paramsHash: "p",
        status,
        progress: status === AnalysisStatus.SUCCEEDED ? 100 : 0,
        report: { risk: "low", windows: [1, 2, 3] },
        findings: { flagged: [] },
        timings: { pose: 1200 },
        createdAt: new Date(Date.now() - ageDays * DAY),
        ...extra,
      },
    });

  it("moves old finished analyses to the archive and leaves recent and unfinished ones", async () => {
    const errors = new Uint8Array([1, 2, 3, 250, 0, 7]);
    const old = await addAnalysis(AnalysisStatus.SUCCEEDED, 400, { windowErrors: errors });
    const oldFailed = await addAnalysis(AnalysisStatus.FAILED, 400);
    const oldQueued = await addAnalysis(AnalysisStatus.QUEUED, 400);
    const recent = await addAnalysis(AnalysisStatus.SUCCEEDED, 10);
    const result = await archiveAnalyses(db.prisma, { olderThanDays: 365, batchSize: 1 });
    expect(result.rows).toBe(2);
    const hot = (await db.prisma.analysis.findMany({ select: { id: true } })).map((a) => a.id).sort();
    expect(hot).toEqual([oldQueued.id, recent.id].sort());
    const archived = (await db.prisma.analysisArchive.findMany({ select: { id: true } })).map((a) => a.id).sort();
    expect(archived).toEqual([old.id, oldFailed.id].sort());
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: result.runId } })).toMatchObject({ kind: "ANALYSIS_ARCHIVE", rowsAffected: 2, error: null });
  });

  it("reads an archived analysis back with its report and window errors intact", async () => {
    const errors = new Uint8Array([9, 8, 7, 6, 255]);
    const old = await addAnalysis(AnalysisStatus.SUCCEEDED, 100, { windowErrors: errors });
    await archiveAnalyses(db.prisma, { olderThanDays: 30 });
    const back = await readArchivedAnalysis(db.prisma, old.id);
    expect(back.report).toEqual(old.report);
    expect(back.findings).toEqual(old.findings);
    expect(back.timings).toEqual(old.timings);
    expect(Array.from(back.windowErrors ?? [])).toEqual(Array.from(errors));
    expect(back.createdAt.getTime()).toBe(old.createdAt.getTime());
    expect(back.archivedAt).toBeInstanceOf(Date);
    await expect(readArchivedAnalysis(db.prisma, "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("carries the risk level into the archive's own column, where lists filter by it", async () => {
    const high = await addAnalysis(AnalysisStatus.SUCCEEDED, 100, { riskLevel: "high" });
    const failed = await addAnalysis(AnalysisStatus.FAILED, 100);
    await archiveAnalyses(db.prisma, { olderThanDays: 30 });
    const rows = await db.prisma.analysisArchive.findMany({ select: { id: true, riskLevel: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.riskLevel]))).toEqual({ [high.id]: "high", [failed.id]: null });
    expect((await readArchivedAnalysis(db.prisma, high.id)).riskLevel).toBe("high");
  });

  it("archives nothing twice and keeps serving queries while it runs", async () => {
    for (let i = 0; i < 30; i++) await addAnalysis(AnalysisStatus.SUCCEEDED, 100);
    const reads: number[] = [];
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        reads.push((await db.prisma.analysis.count()) + (await db.prisma.analysisArchive.count()));
        await new Promise((r) => setImmediate(r));
      }
    })();
    const first = await archiveAnalyses(db.prisma, { olderThanDays: 30, batchSize: 4 });
    stop = true;
    await reader;
    expect(first.rows).toBe(30);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((n) => n === 30)).toBe(true);
    expect((await archiveAnalyses(db.prisma, { olderThanDays: 30 })).rows).toBe(0);
  });
});
