import { escapeHtml, parseReport } from "@gma/core";
import { describe, expect, it } from "vitest";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { PASSWORD, type TestApi } from "../helpers/test-api";

const { api, worker, patient, queueKeypoints } = useAnalysisHarness();

/** Analyses synthetic keypoints (a simulated infant) through the real worker and pipeline. */
async function analysed(t: TestApi, token: string, code: string): Promise<string> {
  await worker(t);
  const { id } = await queueKeypoints(t, token, code);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = (await t.prisma.analysis.findUnique({ where: { id } }))?.status;
    if (status === "SUCCEEDED") return id;
    if (status === "FAILED" || status === "CANCELLED" || Date.now() > deadline) throw new Error(`the analysis ended ${status ?? "missing"}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function download(t: TestApi, id: string, format: "html" | "json", auth: { token?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await fetch(`${t.api.url}/analyses/${encodeURIComponent(id)}/report.${format}`, { headers });
  const body = await res.text();
  const error = res.headers.get("content-type")?.startsWith("application/json") && res.status >= 400 ? (JSON.parse(body) as { error: { code: string } }).error.code : undefined;
  return { status: res.status, headers: res.headers, body, error };
}

/** A session cookie, as the dashboard's browser sends it. */
async function cookieOf(t: TestApi, email: string): Promise<string> {
  const res = await fetch(`${t.api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { expiresAt } }`, variables: { e: email, p: PASSWORD } }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${t.api.services.config.cookie.name}=`));
  if (!cookie) throw new Error("login set no session cookie");
  return cookie.split(";")[0]!;
}

describe("GET /analyses/:id/report.html and report.json", () => {
  it("serves the report of a finished analysis as an HTML page and as JSON files to its owner and to admins", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const id = await analysed(t, token, "R1");
    const stored = (await t.gql(`query($id: ID!) { analysis(id: $id) { report } }`, { id }, { token })).data!.analysis as { report: unknown };
    const report = parseReport(stored.report);

    const json = await download(t, id, "json", { token });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("content-disposition")).toBe(`attachment; filename="gma-report-${id}.json"`);
    expect(json.headers.get("cache-control")).toBe("private, no-store");
    expect(JSON.parse(json.body)).toEqual(stored.report);

    const html = await download(t, id, "html", { cookie: await cookieOf(t, t.users.CLINICIAN.email) });
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("content-disposition")).toBe(`attachment; filename="gma-report-${id}.html"`);
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html.body.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.body).toContain(escapeHtml(report.disclaimer));
    expect(html.body).toContain(escapeHtml(report.assessment.summary));
    expect(html.body).toContain(`>${report.risk.level}<`);
    // On paper the page names the analysis it came from, which the report itself does not know.
    expect(html.body).toContain(`analysis ${id} · recording ${report.input.fingerprint}`);
    // Self-contained: nothing to fetch, nothing to run.
    expect(html.body).not.toMatch(/<script|<link|\bsrc=["']?https?:/i);

    const admin = await t.login(t.users.ADMIN.email);
    expect((await download(t, id, "html", { token: admin })).body).toBe(html.body);
    expect(JSON.parse((await download(t, id, "json", { token: admin })).body)).toEqual(stored.report);
    expect(html.body).not.toContain("Clinician's review");

    // Once reviewed, the HTML carries the clinician's class and notes; the JSON stays the model's report.
    const reviewed = await t.gql(`mutation($id: ID!) { reviewAnalysis(input: { analysisId: $id, classification: CRAMPED_SYNCHRONISED, notes: "rigid <arms>" }) { analysisId } }`, { id }, { token });
    expect(reviewed.errors).toBeUndefined();
    const withReview = (await download(t, id, "html", { token })).body;
    expect(withReview).toContain("<strong>CS (Cramped-synchronised)</strong>, by ");
    expect(withReview).toContain("rigid &lt;arms&gt;");
    expect(JSON.parse((await download(t, id, "json", { token })).body)).toEqual(stored.report);

    // Every copy sent is in the audit log, with who took it and in which format.
    const downloads = await t.prisma.auditEvent.findMany({ where: { action: "analysis.report_download", targetId: id }, orderBy: { id: "asc" }, select: { actorId: true, details: true } });
    const [clinicianId, adminId] = [t.users.CLINICIAN.id, t.users.ADMIN.id];
    expect(downloads).toEqual([
      { actorId: clinicianId, details: { format: "json" } },
      { actorId: clinicianId, details: { format: "html" } },
      { actorId: adminId, details: { format: "html" } },
      { actorId: adminId, details: { format: "json" } },
      { actorId: clinicianId, details: { format: "html" } },
      { actorId: clinicianId, details: { format: "json" } },
    ]);
  }, 120_000);

  it("refuses visitors without a session, analysts and other clinicians with 401, 403 and 404 and a coded JSON body", async () => {
    const t = await api();
    const p = await patient(t, "R2");
    const a = await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED", report: { schemaVersion: "1.0.0" } } });
    for (const format of ["html", "json"] as const) {
      for (const [auth, status, code] of [
        [{}, 401, "UNAUTHENTICATED"],
        [{ token: "not-a-session" }, 401, "UNAUTHENTICATED"],
        [{ token: await t.login(t.users.ANALYST.email) }, 403, "FORBIDDEN"],
        [{ token: await t.login(t.users.CLINICIAN2.email) }, 404, "NOT_FOUND"],
      ] as const) {
        const r = await download(t, a.id, format, auth);
        expect({ format, status: r.status, error: r.error }).toEqual({ format, status, error: code });
        expect(r.headers.get("content-disposition")).toBeNull();
      }
      expect(await download(t, "no-such-analysis", format, { token: await t.login(t.users.ADMIN.email) })).toMatchObject({ status: 404, error: "NOT_FOUND" });
    }
    // A refused download took nothing out: no audit entry.
    expect(await t.prisma.auditEvent.count({ where: { action: "analysis.report_download" } })).toBe(0);
  });

  it("answers NOT_FOUND for an analysis that has no report yet", async () => {
    const t = await api();
    const p = await patient(t, "R3");
    const a = await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "RUNNING" } });
    const token = await t.login(t.users.CLINICIAN.email);
    for (const format of ["html", "json"] as const) {
      const r = await download(t, a.id, format, { token });
      expect(r).toMatchObject({ status: 404, error: "NOT_FOUND" });
      expect(JSON.parse(r.body).error.hint).toContain("RUNNING");
    }
  });

  it("answers CONFLICT for HTML of a stored report it cannot render, and still serves its JSON", async () => {
    const t = await api();
    const p = await patient(t, "R4");
    const odd = { schemaVersion: "0.9.0", note: "written by an older version" };
    const a = await t.prisma.analysis.create({ data: { patientId: p.id, videoFingerprint: "f", ageWeeks: 12, paramsHash: "p", status: "SUCCEEDED", report: odd } });
    const token = await t.login(t.users.CLINICIAN.email);
    const html = await download(t, a.id, "html", { token });
    expect(html).toMatchObject({ status: 409, error: "CONFLICT" });
    expect(JSON.parse(html.body).error.message).toContain("0.9.0");
    // The HTML that could not be made was not sent, so only the JSON below is in the audit log.
    const json = await download(t, a.id, "json", { token });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toEqual(odd);
    expect((await t.prisma.auditEvent.findMany({ where: { action: "analysis.report_download" }, select: { details: true } })).map((e) => e.details)).toEqual([{ format: "json" }]);
  });
});
