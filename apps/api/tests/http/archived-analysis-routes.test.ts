import { existsSync } from "node:fs";
import { archiveAnalyses } from "@gma/db";
import { describe, expect, it } from "vitest";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import type { TestApi } from "../helpers/test-api";

const { api, worker, queueKeypoints } = useAnalysisHarness();

async function fetchAs(t: TestApi, path: string, token?: string) {
  const res = await fetch(`${t.api.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = Buffer.from(await res.arrayBuffer());
  const error = res.status >= 400 && res.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(body.toString()) as { error: { code: string } }).error.code : undefined;
  return { status: res.status, headers: res.headers, body, error };
}

const DETAIL = `query($id: ID!) {
  analysis(id: $id) { id status archivedAt report findings timings windowErrors modelVersion progress stage finishedAt patient { id code } requestedBy { id } }
}`;

describe("an archived analysis over HTTP and GraphQL", () => {
  it("still serves its results, report files and joint sequence to its owner and admins, and nothing to anyone else", async () => {
    const t = await api();
    await worker(t);
    const token = await t.login(t.users.CLINICIAN.email);
    const { id, patientId } = await queueKeypoints(t, token, "A1");
    const deadline = Date.now() + 90_000;
    while ((await t.prisma.analysis.findUnique({ where: { id } }))?.status !== "SUCCEEDED") {
      if (Date.now() > deadline) throw new Error("the analysis did not succeed");
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = (await t.gql(DETAIL, { id }, { token })).data!.analysis as Record<string, unknown>;
    expect(before.archivedAt).toBeNull();
    const paths = ["/report.json", "/report.html", "/keypoints"].map((p) => `/analyses/${id}${p}`);
    const served = await Promise.all(paths.map((p) => fetchAs(t, p, token)));
    expect(served.map((r) => r.status)).toEqual([200, 200, 200]);

    expect((await archiveAnalyses(t.prisma, { olderThanDays: 0 })).rows).toBe(1);
    expect(await t.prisma.analysis.count({ where: { id } })).toBe(0);
    const archivedRow = await t.prisma.analysisArchive.findUniqueOrThrow({ where: { id } });
    // Archiving moves the row only: the replay file stays where the keypoints route reads it.
    expect(existsSync(t.api.services.analysisFiles.keypointsPath(id))).toBe(true);

    for (const who of [token, await t.login(t.users.ADMIN.email)]) {
      const after = (await t.gql(DETAIL, { id }, { token: who })).data!.analysis as Record<string, unknown>;
      expect(after).toEqual({ ...before, archivedAt: archivedRow.archivedAt.toISOString() });
      expect(after.patient).toEqual({ id: patientId, code: "A1" });
      expect(after.requestedBy).toEqual({ id: t.users.CLINICIAN.id });
      expect((after.windowErrors as number[]).length).toBeGreaterThan(0);
      for (const [i, p] of paths.entries()) {
        const r = await fetchAs(t, p, who);
        expect({ p, status: r.status, type: r.headers.get("content-type") }).toEqual({ p, status: 200, type: served[i]!.headers.get("content-type") });
        expect(r.body.equals(served[i]!.body), p).toBe(true);
      }
    }

    const other = await t.login(t.users.CLINICIAN2.email);
    expect((await t.gql(DETAIL, { id }, { token: other })).errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    const analyst = await t.login(t.users.ANALYST.email);
    expect((await t.gql(DETAIL, { id }, { token: analyst })).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    for (const p of paths) {
      expect(await fetchAs(t, p, other), p).toMatchObject({ status: 404, error: "NOT_FOUND" });
      expect(await fetchAs(t, p, analyst), p).toMatchObject({ status: 403, error: "FORBIDDEN" });
      expect(await fetchAs(t, p), p).toMatchObject({ status: 401, error: "UNAUTHENTICATED" });
    }
  }, 120_000);
});
