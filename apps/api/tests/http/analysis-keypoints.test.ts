import { existsSync } from "node:fs";
import { decodeKeypoints, encodeKeypoints, JOINT_NAMES_25, simulateInfant, SKELETON_BONES_25 } from "@gma/core";
import { describe, expect, it } from "vitest";
import type { AnalysisRunner } from "../../src/queue/analysis-runner";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import type { TestApi } from "../helpers/test-api";

const { api, worker, patient, queueKeypoints: analyse } = useAnalysisHarness();

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function get(t: TestApi, id: string, token?: string) {
  const res = await fetch(`${t.api.url}/analyses/${id}/keypoints`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = Buffer.from(await res.arrayBuffer());
  const error = res.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(body.toString()) as { error: { code: string } }).error.code : undefined;
  return { status: res.status, headers: res.headers, body, error };
}

/** A stored sequence as the worker writes it, for tests about who reads and deletes it. */
function sequenceBytes(seed: number) {
  return encodeKeypoints(simulateInfant({ seed, movementClass: "fidgety", durationS: 2, ageWeeks: 12 }).sequence);
}

describe("GET /analyses/:id/keypoints", () => {
  it("serves the normalised joint sequence the worker analysed, with the skeleton, to the owner and admins only", async () => {
    const t = await api();
    await worker(t);
    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await analyse(t, token, "K1");
    await until(async () => (await t.prisma.analysis.findUnique({ where: { id } }))?.status === "SUCCEEDED", "the analysis to succeed");

    const r = await get(t, id, token);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.gma.keypoints");
    expect(r.headers.get("x-skeleton-joints")!.split(",")).toEqual([...JOINT_NAMES_25]);
    expect(r.headers.get("x-skeleton-bones")!.split(",").map((b) => b.split("-").map(Number))).toEqual(SKELETON_BONES_25.map((b) => [...b]));
    const seq = decodeKeypoints(r.body);
    expect(seq.fps).toBe(25);
    // 12 s of keypoints at the 25 fps analysis rate, one window per 30 consecutive frames.
    expect(seq.frameCount).toBeGreaterThanOrEqual(299);
    const row = await t.prisma.analysis.findUniqueOrThrow({ where: { id } });
    expect((row.report as { input: { windowCount: number } }).input.windowCount).toBe(seq.frameCount - 29);
    // Normalised: every frame's bounding box has unit diagonal (within the codec's quantisation).
    for (const f of [0, Math.floor(seq.frameCount / 2), seq.frameCount - 1]) {
      const axis = (a: number) => Array.from({ length: 25 }, (_, j) => seq.data[f * 75 + j * 3 + a]!);
      const span = [0, 1, 2].map((a) => Math.max(...axis(a)) - Math.min(...axis(a)));
      expect(Math.hypot(...span)).toBeCloseTo(1, 3);
    }
    expect(existsSync(t.api.services.analysisFiles.keypointsPath(id))).toBe(true);

    const admin = await get(t, id, await t.login(t.users.ADMIN.email));
    expect(admin.status).toBe(200);
    expect(admin.body.equals(r.body)).toBe(true);
    expect(await get(t, id)).toMatchObject({ status: 401, error: "UNAUTHENTICATED" });
    expect(await get(t, id, await t.login(t.users.ANALYST.email))).toMatchObject({ status: 403, error: "FORBIDDEN" });
    expect(await get(t, id, await t.login(t.users.CLINICIAN2.email))).toMatchObject({ status: 404, error: "NOT_FOUND" });
    expect(await get(t, "no-such-analysis", token)).toMatchObject({ status: 404, error: "NOT_FOUND" });

    expect((await t.gql(`mutation($id: ID!) { deleteAnalysis(id: $id) }`, { id }, { token })).data?.deleteAnalysis).toBe(true);
    expect(existsSync(t.api.services.analysisFiles.keypointsPath(id))).toBe(false);
    expect(await get(t, id, token)).toMatchObject({ status: 404, error: "NOT_FOUND" });
  }, 120_000);

  it("answers NOT_FOUND for an analysis that has not finished", async () => {
    const t = await api();
    const p = await patient(t, "K2");
    const a = await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "RUNNING" } });
    expect(await get(t, a.id, await t.login(t.users.CLINICIAN.email))).toMatchObject({ status: 404, error: "NOT_FOUND" });
  });

  it("deletes the sequences of a deleted patient's analyses, archived ones included, and no one else's", async () => {
    const t = await api();
    const files = t.api.services.analysisFiles;
    const [gone, kept] = [await patient(t, "K3"), await patient(t, "K4")];
    const hot = await t.prisma.analysis.create({ data: { patientId: gone.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED" } });
    const other = await t.prisma.analysis.create({ data: { patientId: kept.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED" } });
    const archived = await t.prisma.analysisArchive.create({
      data: { id: "archived-analysis-1", patientId: gone.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED", createdAt: new Date(), archivedAt: new Date(), payload: Buffer.from("{}") },
    });
    for (const [id, seed] of [[hot.id, 1], [other.id, 2], [archived.id, 3]] as const) await files.writeKeypoints(id, sequenceBytes(seed));
    const token = await t.login(t.users.CLINICIAN.email);
    expect((await get(t, hot.id, token)).status).toBe(200);

    expect((await t.gql(`mutation($id: ID!) { deletePatient(id: $id) }`, { id: gone.id }, { token })).data?.deletePatient).toBe(true);
    expect(existsSync(files.keypointsPath(hot.id))).toBe(false);
    expect(existsSync(files.keypointsPath(archived.id))).toBe(false);
    expect(existsSync(files.keypointsPath(other.id))).toBe(true);
  });

  it("keeps no sequence of an analysis deleted while the worker ran it", async () => {
    const t = await api();
    // The pipeline is a stand-in here: this is about what the worker does with its result.
    const runner: AnalysisRunner = {
      checkReady: async () => {},
      run: async ({ analysisId }) => {
        await t.prisma.analysis.delete({ where: { id: analysisId } });
        return { report: {}, windowErrors: new Float32Array([0.1]), timings: {}, modelVersion: "stand-in", keypoints: sequenceBytes(4) };
      },
    };
    await worker(t, runner);
    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await analyse(t, token, "K5");
    const job = await t.api.services.queues.analysis.getJob(id);
    await until(async () => (await job!.getState()) === "completed", "the job to complete");
    expect(await t.prisma.analysis.count({ where: { id } })).toBe(0);
    expect(existsSync(t.api.services.analysisFiles.keypointsPath(id))).toBe(false);
  }, 60_000);
});
