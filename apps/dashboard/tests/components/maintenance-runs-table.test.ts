import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MaintenanceRunsTable, type MaintenanceRunRow } from "@/components/admin/maintenance-runs-table";
import { MAINTENANCE_JOB_ORDER, MAINTENANCE_JOBS } from "@/lib/maintenance-jobs";

const run = (over: Partial<MaintenanceRunRow>): MaintenanceRunRow => ({
  id: "1",
  kind: "SESSION_PURGE",
  startedAt: "2026-12-05T02:00:00.000Z",
  finishedAt: "2026-12-05T02:00:01.000Z",
  durationMs: 850,
  rowsAffected: 0,
  batches: 1,
  vacuumed: false,
  error: null,
  bytes: null,
  output: null,
  ...over,
});

/** The table's body rows as the text of their cells, with whether each cell is hidden on a phone. */
const rows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].map((c) => `${c[2]!.replace(/<[^>]+>/g, "").trim()}${c[1]!.includes("wide-only") ? " (wide)" : ""}`));

describe("the maintenance runs table", () => {
  it("shows a database backup's size and file name, and a dash where a run wrote no file", () => {
    const html = renderToStaticMarkup(
      createElement(MaintenanceRunsTable, {
        runs: [
          run({ id: "2", kind: "DATABASE_BACKUP", rowsAffected: 1, durationMs: 2400, bytes: 12.5 * 1024 * 1024, output: "gma-20261205T020000.000Z.sqlite" }),
          run({ id: "1", kind: "SESSION_PURGE", rowsAffected: 7, batches: 3 }),
        ],
      }),
    );
    const [backup, purge] = rows(html);
    expect(backup!.slice(1)).toEqual(["DATABASE_BACKUP", "1", "1 (wide)", "2.4 s (wide)", "no (wide)", "12.5 MiB (wide)", "gma-20261205T020000.000Z.sqlite (wide)", "done"]);
    expect(purge!.slice(6, 8)).toEqual(["— (wide)", "— (wide)"]);
  });

  it("shows a failed run as a failed badge followed by its message in a cell that wraps, so that a long message (an abandoned run's) stays on a phone's screen", () => {
    const error = "Abandoned: the process running it stopped before the run finished (last heard of at 2026-12-05T02:00:30.000Z); the job's next run, scheduled or started by hand, does its work.";
    const html = renderToStaticMarkup(createElement(MaintenanceRunsTable, { runs: [run({ id: "3", finishedAt: "2026-12-05T02:00:30.000Z", error })] }));
    const [failed] = rows(html);
    expect(failed!.at(-1)).toBe(`failed ${error.replaceAll("'", "&#x27;")}`);
    expect(html).toContain('<span class="badge danger">failed</span>');
    expect(html).toMatch(/<td class="wrap run-error"><span class="badge danger">failed<\/span>/);
  });

  it("names every maintenance job the API schedules, the database backup among them, for its card and the run filter", () => {
    expect(MAINTENANCE_JOB_ORDER).toContain("DATABASE_BACKUP");
    expect(MAINTENANCE_JOBS.DATABASE_BACKUP).toEqual({ title: "Database backup", runLabel: "database backup" });
    for (const job of MAINTENANCE_JOB_ORDER) expect(MAINTENANCE_JOBS[job].title).not.toBe("");
  });
});
