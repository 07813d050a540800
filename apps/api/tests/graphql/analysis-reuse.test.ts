import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { archiveAnalyses } from "@gma/db";
import { describe, expect, it } from "vitest";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { syntheticKeypoints } from "../helpers/fixtures";
import type { TestApi } from "../helpers/test-api";

const { api, worker, patient } = useAnalysisHarness();

const ANALYZE = `mutation($u: String!, $p: ID!, $age: Float!) {
  analyzeKeypoints(input: { uploadId: $u, patientId: $p, ageWeeks: $age }) { id status archivedAt report }
}`;

interface Analyzed {
  id: string;
  status: string;
  archivedAt: string | null;
  report: unknown;
}

/** Uploads `file` as keypoints; returns the upload id. */
async function upload(t: TestApi, token: string, file: string): Promise<{ uploadId: string }> {
  const res = await fetch(`${t.api.url}/uploads?kind=keypoints`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: readFileSync(file) });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as { uploadId: string };
}

/** Upload files the API still keeps (taken ones moved to their analysis, discarded ones removed). */
const pendingUploads = (t: TestApi) => (existsSync(t.api.services.config.uploadDir) ? readdirSync(t.api.services.config.uploadDir) : []);

async function analyze(t: TestApi, token: string, uploadId: string, patientId: string, ageWeeks = 12): Promise<Analyzed> {
  const r = await t.gql(ANALYZE, { u: uploadId, p: patientId, age: ageWeeks }, { token });
  expect(r.errors).toBeUndefined();
  return r.data!.analyzeKeypoints as Analyzed;
}

async function succeeded(t: TestApi, id: string) {
  const deadline = Date.now() + 90_000;
  while ((await t.prisma.analysis.findUnique({ where: { id } }))?.status !== "SUCCEEDED") {
    if (Date.now() > deadline) throw new Error("the analysis did not succeed");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("reusing a finished result for the same recording and parameters", () => {
  it("returns the archived result for the same bytes and parameters, discarding the new upload and queueing nothing", async () => {
    const t = await api();
    await worker(t);
    const token = await t.login(t.users.CLINICIAN.email);
    const p = await patient(t, "R1");
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, "r1.json"), 12);
    const first = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id);
    await succeeded(t, first.id);

    // In the hot table, the same request gives the same analysis back.
    const hotAgain = await upload(t, token, file);
    const hot = await analyze(t, token, hotAgain.uploadId, p.id);
    expect(hot).toMatchObject({ id: first.id, status: "SUCCEEDED", archivedAt: null });
    expect(pendingUploads(t)).toEqual([]);

    expect((await archiveAnalyses(t.prisma, { olderThanDays: 0 })).rows).toBe(1);
    const { archivedAt } = await t.prisma.analysisArchive.findUniqueOrThrow({ where: { id: first.id } });
    const jobs = await t.api.services.queues.analysis.getJobCounts();

    const again = await upload(t, token, file);
    const reused = await analyze(t, token, again.uploadId, p.id);
    expect(reused).toEqual({ id: first.id, status: "SUCCEEDED", archivedAt: archivedAt.toISOString(), report: hot.report });
    expect(reused.report).toMatchObject({ schemaVersion: expect.any(String) });
    // Nothing new: no hot row, no job, and the upload is gone as for a hot duplicate.
    expect(await t.prisma.analysis.count()).toBe(0);
    expect(await t.api.services.queues.analysis.getJobCounts()).toEqual(jobs);
    expect(pendingUploads(t)).toEqual([]);
    const gone = await t.gql(`query($u: String!) { upload(uploadId: $u) { uploadId } }`, { u: again.uploadId }, { token });
    expect(gone.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  }, 120_000);

  it("analyses again when the archived analysis failed or was cancelled, or the patient or parameters differ", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const [p, other] = [await patient(t, "R2"), await patient(t, "R3")];
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, "r2.json"), 12);
    // No worker: each finishes as the test says, then is archived.
    const current = t.api.services.runner.currentModelVersion?.();
    expect(current).toMatch(/^gma-movement-autoencoder@/);
    const finish = async (status: "SUCCEEDED" | "FAILED" | "CANCELLED") => {
      const a = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id);
      expect(a.status).toBe("QUEUED");
      await t.prisma.analysis.update({ where: { id: a.id }, data: { status, finishedAt: new Date(), modelVersion: current ?? null } });
      expect((await archiveAnalyses(t.prisma, { olderThanDays: 0 })).rows).toBe(1);
      return a.id;
    };
    const failed = await finish("FAILED");
    const cancelled = await finish("CANCELLED");
    expect(cancelled).not.toBe(failed);
    const kept = await finish("SUCCEEDED");
    expect([failed, cancelled]).not.toContain(kept);

    const otherPatient = await analyze(t, token, (await upload(t, token, file)).uploadId, other.id);
    const otherAge = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id, 13);
    for (const a of [otherPatient, otherAge]) {
      expect(a.status).toBe("QUEUED");
      expect(a.archivedAt).toBeNull();
      expect([failed, cancelled, kept]).not.toContain(a.id);
    }
    expect(await t.prisma.analysis.count()).toBe(2);
    // The same request as the succeeded one still gets it back.
    expect((await analyze(t, token, (await upload(t, token, file)).uploadId, p.id)).id).toBe(kept);
  }, 60_000);

  it("analyses again when the finished result, hot or archived, came from another model version than the one the workers now run", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const p = await patient(t, "R4");
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, "r4.json"), 12);
    const oldVersion = "gma-movement-autoencoder@older-weights";
    const first = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id);
    await t.prisma.analysis.update({ where: { id: first.id }, data: { status: "SUCCEEDED", finishedAt: new Date(), modelVersion: oldVersion } });

    const hotRetry = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id);
    expect(hotRetry).toMatchObject({ status: "QUEUED", archivedAt: null });
    expect(hotRetry.id).not.toBe(first.id);
    // That one, still queued, is what a third identical request joins.
    expect((await analyze(t, token, (await upload(t, token, file)).uploadId, p.id)).id).toBe(hotRetry.id);

    await t.prisma.analysis.delete({ where: { id: hotRetry.id } });
    expect((await archiveAnalyses(t.prisma, { olderThanDays: 0 })).rows).toBe(1);
    const archivedRetry = await analyze(t, token, (await upload(t, token, file)).uploadId, p.id);
    expect(archivedRetry).toMatchObject({ status: "QUEUED", archivedAt: null });
    expect([first.id, hotRetry.id]).not.toContain(archivedRetry.id);
    expect(pendingUploads(t)).toEqual([]);
  }, 60_000);
});
