import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DatabaseBackupStatusView, type DatabaseBackupStatusData } from "@/components/admin/database-backup-status";
import { formatDateTime } from "@/lib/format";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 9, 0);
const FILE = "gma-20261207T020000.000Z.sqlite";
const at = (ago: number) => new Date(NOW - ago).toISOString();

const status = (over: Partial<DatabaseBackupStatusData> = {}): DatabaseBackupStatusData => ({
  lastSuccess: { runId: "7", startedAt: at(7 * HOUR), finishedAt: at(7 * HOUR - 2000), durationMs: 2000, bytes: 12.5 * 1024 * 1024, file: FILE },
  lastFailure: null,
  schedule: { cron: "0 2 * * *", everyMinutes: null, periodMinutes: 1440 },
  keep: 14,
  directory: "/var/lib/gma/backups",
  ...over,
});

const render = (s: DatabaseBackupStatusData) => renderToStaticMarkup(createElement(DatabaseBackupStatusView, { status: s, now: NOW }));
/** The element's text with the markup taken out. */
const text = (html: string, testId: string) => {
  const m = new RegExp(`data-testid="${testId}"[^>]*>(.*?)</(p|div)>`).exec(html);
  return m ? m[1]!.replace(/<wbr\/>/g, "").replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'") : undefined;
};

describe("the database backup status", () => {
  it("shows when the last backup was taken, how long ago and at what time, its size and file, the retention and the schedule, and no warning while on schedule", () => {
    const html = render(status());
    expect(html).toContain('data-state="ok"');
    expect(html).not.toContain('data-testid="backup-warning"');
    expect(text(html, "backup-health")).toBe("Up to date Backed up on schedule.");
    expect(text(html, "backup-last")).toBe(`Last successful backup: 6 hours ago (${formatDateTime(at(7 * HOUR - 2000))}), 12.5 MiB, ${FILE}`);
    expect(html).toContain(`<time dateTime="${at(7 * HOUR - 2000)}">`);
    // The file name wraps at its dots, never mid-word.
    expect(html).toContain('<code class="identifier">gma-<wbr/>20261207T020000<wbr/>.000Z<wbr/>.sqlite</code>');
    expect(text(html, "backup-retention")).toBe("Keeps the newest 14 in /var/lib/gma/backups. Due every 1 day; a warning shows once the newest is 2 × that old (2 days).");
  });

  it("warns in words, as a status, with what to do, when the newest backup is older than twice the period", () => {
    const html = render(status({ lastSuccess: { ...status().lastSuccess!, finishedAt: at(50 * HOUR), startedAt: at(50 * HOUR) } }));
    expect(html).toContain('data-state="stale"');
    expect(html).toMatch(/<div class="notice warn" role="status" data-testid="backup-warning"><strong>Warning: The newest backup is older than 2 × the schedule(&#x27;|')s period/);
    expect(text(html, "backup-warning")).toMatch(/worker is running/);
    expect(text(html, "backup-last")).toMatch(/^Last successful backup: 2 days ago/);
  });

  it("warns with the error when the newest run failed, keeping the last good backup in view", () => {
    const html = render(status({ lastFailure: { runId: "8", startedAt: at(HOUR), finishedAt: at(HOUR - 500), error: "BACKUP_FAILED (DISK_FULL): no space left on /var/lib/gma/backups" } }));
    expect(html).toContain('data-state="failed"');
    expect(text(html, "backup-warning")).toMatch(/^Warning: The newest backup run failed: BACKUP_FAILED \(DISK_FULL\): no space left/);
    expect(text(html, "backup-last")).toContain(FILE);
  });

  it("warns that there is no backup, and says none, when none was ever made; and that backups are not scheduled when they are not", () => {
    const none = render(status({ lastSuccess: null }));
    expect(none).toContain('data-state="never"');
    expect(text(none, "backup-warning")).toMatch(/^Warning: No backup of the database has been made yet\.Press Back up now/);
    expect(text(none, "backup-last")).toBe("Last successful backup: none");

    const unscheduled = render(status({ schedule: null }));
    expect(text(unscheduled, "backup-warning")).toMatch(/^Warning: Backups are not scheduled/);
    expect(text(unscheduled, "backup-retention")).toBe("Keeps the newest 14 in /var/lib/gma/backups. Not scheduled.");
  });
});
