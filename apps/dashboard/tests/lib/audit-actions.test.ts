import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_KINDS, auditActionLabel, auditDetailParts, auditExportHref, auditTargetHref, auditTimeWindow } from "@/lib/audit-actions";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..", "..");

/** Every dotted audit action the API and @gma/db write, read from their sources. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else if (/\.(ts|mjs)$/.test(entry.name)) {
        for (const m of readFileSync(full, "utf8").matchAll(/["'`]((?:user|session|patient|analysis|database|audit)\.[a-z_]+)["'`]/g)) found.add(m[1]!);
      }
    }
  };
  walk(path.join(ROOT, "apps", "api", "src"));
  walk(path.join(ROOT, "packages", "db", "src"));
  return found;
}

describe("audit actions", () => {
  it("name in words every action the services record", () => {
    const known = new Set(AUDIT_ACTION_KINDS.flatMap((k) => k.actions.map((a) => a.action)));
    const recorded = recordedActions();
    // The scan itself must find the actions, or this test proves nothing.
    expect(recorded).toContain("analysis.review");
    expect(recorded).toContain("database.restore");
    expect(recorded).toContain("audit.export");
    expect([...recorded].filter((a) => !known.has(a))).toEqual([]);
  });

  it("file each action under the kind its prefix names", () => {
    for (const kind of AUDIT_ACTION_KINDS) for (const { action } of kind.actions) expect(action.startsWith(kind.prefix), action).toBe(true);
  });

  it("shows an unknown action as it is spelled rather than hiding it", () => {
    expect(auditActionLabel("analysis.review")).toBe("Analysis reviewed");
    expect(auditActionLabel("model.retrain")).toBe("model.retrain");
  });

  it("links analyses, patients and accounts to their pages, and nothing for the database", () => {
    expect(auditTargetHref("analysis", "c1 2")).toBe("/analyses/c1%202");
    expect(auditTargetHref("patient", "p1")).toBe("/patients/p1");
    expect(auditTargetHref("user", "u1")).toBe("/users");
    expect(auditTargetHref("database", null)).toBeUndefined();
    expect(auditTargetHref("analysis", null)).toBeUndefined();
  });

  it("writes details as key: value parts, nested values as JSON", () => {
    expect(auditDetailParts({ classification: "ABSENT_FIDGETY", notesChanged: true, changes: { role: ["ANALYST", "ADMIN"] }, previous: null })).toEqual([
      "classification: ABSENT_FIDGETY",
      "notesChanged: true",
      'changes: {"role":["ANALYST","ADMIN"]}',
      "previous: null",
    ]);
    expect(auditDetailParts(null)).toEqual([]);
    expect(auditDetailParts([1, 2])).toEqual(["[1,2]"]);
  });
});

describe("the audit log's time window", () => {
  it("runs from the first day's local midnight to the midnight after the last day", () => {
    expect(auditTimeWindow("2026-11-02", "2026-11-03")).toEqual({ from: new Date(2026, 10, 2).toISOString(), to: new Date(2026, 10, 4).toISOString() });
    // One day: that whole day.
    expect(auditTimeWindow("2026-12-31", "2026-12-31")).toEqual({ from: new Date(2026, 11, 31).toISOString(), to: new Date(2027, 0, 1).toISOString() });
  });

  it("leaves an empty end open", () => {
    expect(auditTimeWindow("", "")).toEqual({});
    expect(auditTimeWindow("2026-11-02", "")).toEqual({ from: new Date(2026, 10, 2).toISOString() });
  });

  it("says what is wrong with a last day before the first or a malformed date", () => {
    expect(auditTimeWindow("2026-11-03", "2026-11-02")).toEqual({ error: expect.stringMatching(/before the first/) });
    expect(auditTimeWindow("03/11/2026", "")).toEqual({ error: expect.stringMatching(/year-month-day/) });
  });
});

describe("the audit log's export address", () => {
  it("carries the page's filter, empty values left out", () => {
    expect(auditExportHref({})).toBe("/audit/export.csv");
    expect(auditExportHref({ action: "analysis.", actorId: "", targetType: "analysis", targetId: "c 1&x", from: "2026-11-01T23:00:00.000Z" })).toBe(
      "/audit/export.csv?action=analysis.&targetType=analysis&targetId=c+1%26x&from=2026-11-01T23%3A00%3A00.000Z",
    );
  });
});
