import { describe, expect, it } from "vitest";
import { useTestApis, type TestApi } from "../helpers/test-api";

const { api } = useTestApis();

async function exportCsv(t: TestApi, query: Record<string, string>, token?: string) {
  const res = await fetch(`${t.api.url}/audit-events.csv?${new URLSearchParams(query).toString()}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, error: res.status >= 400 ? (JSON.parse(body) as { error: { code: string; message: string } }).error : undefined };
}

/** The records of a CSV body (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(body: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = body.startsWith("\uFEFF") ? 1 : 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}

const T0 = Date.UTC(2026, 10, 1);

describe("GET /audit-events.csv", () => {
  it("exports every matching event newest first, in batches, with who did it, and records the export at the top of its own file", async () => {
    const t = await api();
    const clinician = t.users.CLINICIAN;
    // More events than one batch, so that the keyset paging is crossed; some share a time.
    await t.prisma.auditEvent.createMany({
      data: Array.from({ length: 1203 }, (_, i) => ({ action: "patient.update", targetType: "patient", targetId: `p${i}`, actorId: clinician.id, createdAt: new Date(T0 + Math.floor(i / 2) * 1000) })),
    });
    await t.prisma.auditEvent.create({ data: { action: "user.update", targetType: "user", targetId: "u1", actorId: null, createdAt: new Date(T0 + 5_000_000) } });
    const admin = await t.login(t.users.ADMIN.email);
    const r = await exportCsv(t, { action: "patient." }, admin);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="gma-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(r.body);
    expect(header).toEqual(["time", "actor_email", "actor_name", "action", "target_type", "target_id", "details"]);
    expect(rows).toHaveLength(1203);
    expect(rows.map((row) => row[5])).toEqual(Array.from({ length: 1203 }, (_, i) => `p${1202 - i}`));
    expect(rows[0]).toEqual([new Date(T0 + 601_000).toISOString(), clinician.email, "clinician", "patient.update", "patient", "p1202", ""]);
    // The export is recorded, with its filter; a second export of everything has it first.
    const all = parseCsv((await exportCsv(t, {}, admin)).body).slice(1);
    expect(all[0]!.slice(1, 5)).toEqual([t.users.ADMIN.email, "admin", "audit.export", "audit"]);
    expect(JSON.parse(all[0]![6]!)).toEqual({ filter: {} });
    expect(JSON.parse(all[1]![6]!)).toEqual({ filter: { action: "patient." } });
    expect(all.find((row) => row[3] === "user.update")!.slice(1, 3)).toEqual(["", "system"]);
  });

  it("quotes commas, quotes and line breaks, and keeps a spreadsheet from running a value as a formula", async () => {
    const t = await api();
    await t.prisma.user.update({ where: { id: t.users.CLINICIAN.id }, data: { displayName: '=HYPERLINK("http://x","Dr, \\"E\\"")' } });
    await t.prisma.auditEvent.create({ data: { action: "analysis.review", targetType: "analysis", targetId: "-1+1", actorId: t.users.CLINICIAN.id, details: { note: "a\nb" } } });
    const r = await exportCsv(t, { action: "analysis.review" }, await t.login(t.users.ADMIN.email));
    const [, row] = parseCsv(r.body);
    expect(row![2]).toBe(`'=HYPERLINK("http://x","Dr, \\"E\\"")`);
    expect(row![5]).toBe("'-1+1");
    expect(JSON.parse(row![6]!)).toEqual({ note: "a\nb" });
  });

  it("refuses a bad filter with 400 BAD_USER_INPUT, and clinicians, analysts and visitors, recording no export", async () => {
    const t = await api();
    const admin = await t.login(t.users.ADMIN.email);
    const bad: Record<string, string>[] = [{ action: "analysis%" }, { from: "yesterday" }, { targetId: "a1" }, { from: "2026-11-02T00:00:00Z", to: "2026-11-01T00:00:00Z" }];
    for (const query of bad) {
      const r = await exportCsv(t, query, admin);
      expect({ query, status: r.status, code: r.error?.code }).toEqual({ query, status: 400, code: "BAD_USER_INPUT" });
    }
    expect((await exportCsv(t, {}, await t.login(t.users.CLINICIAN.email))).status).toBe(403);
    expect((await exportCsv(t, {}, await t.login(t.users.ANALYST.email))).status).toBe(403);
    expect((await exportCsv(t, {})).status).toBe(401);
    expect(await t.prisma.auditEvent.count({ where: { action: "audit.export" } })).toBe(0);
  });
});
