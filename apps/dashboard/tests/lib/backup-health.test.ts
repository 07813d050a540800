import { describe, expect, it } from "vitest";
import { backupHealth, type BackupRunTimes } from "@/lib/backup-health";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 7, 9, 0);
const NIGHTLY = 24 * 60;

/** A run that started `ago` before NOW and took a minute. */
const run = (ago: number, error: string | null = null): BackupRunTimes => ({
  startedAt: new Date(NOW - ago).toISOString(),
  finishedAt: new Date(NOW - ago + 60_000).toISOString(),
  error,
});

describe("backupHealth", () => {
  it("is ok while the newest backup succeeded within twice the schedule's period, and gives its age and the limit", () => {
    const health = backupHealth({ lastSuccess: run(7 * HOUR), lastFailure: run(10 * DAY, "old trouble"), periodMinutes: NIGHTLY }, NOW);
    expect(health).toMatchObject({ state: "ok", action: null, ageMs: 7 * HOUR - 60_000, staleAfterMs: 2 * DAY });
    // One missed night is tolerated.
    expect(backupHealth({ lastSuccess: run(47 * HOUR), lastFailure: null, periodMinutes: NIGHTLY }, NOW).state).toBe("ok");
  });

  it("is stale once the newest backup is older than twice the period, saying to check the worker", () => {
    const health = backupHealth({ lastSuccess: run(49 * HOUR), lastFailure: null, periodMinutes: NIGHTLY }, NOW);
    expect(health.state).toBe("stale");
    expect(health.summary).toMatch(/older than 2 × the schedule's period/);
    expect(health.action).toMatch(/worker is running/);
    // The limit follows the period: a weekday-only schedule's longest gap is a weekend.
    expect(backupHealth({ lastSuccess: run(49 * HOUR), lastFailure: null, periodMinutes: 72 * 60 }, NOW).state).toBe("ok");
    expect(backupHealth({ lastSuccess: run(3 * HOUR), lastFailure: null, periodMinutes: 60 }, NOW).state).toBe("stale");
  });

  it("is failed when the newest run failed, however recent the last good backup, with the error and what to do", () => {
    const health = backupHealth({ lastSuccess: run(25 * HOUR), lastFailure: run(HOUR, "BACKUP_FAILED (DISK_FULL): no space left"), periodMinutes: NIGHTLY }, NOW);
    expect(health.state).toBe("failed");
    expect(health.summary).toBe("The newest backup run failed: BACKUP_FAILED (DISK_FULL): no space left");
    expect(health.action).toMatch(/Back up now/);
    // A failure older than the last success is history, not a warning.
    expect(backupHealth({ lastSuccess: run(HOUR), lastFailure: run(25 * HOUR, "x"), periodMinutes: NIGHTLY }, NOW).state).toBe("ok");
  });

  it("is never when no backup was made, naming the failure when the first tries failed", () => {
    const none = backupHealth({ lastSuccess: null, lastFailure: null, periodMinutes: NIGHTLY }, NOW);
    expect(none).toMatchObject({ state: "never", summary: "No backup of the database has been made yet.", ageMs: null });
    expect(none.action).toMatch(/Press Back up now.*DATABASE_BACKUP_SCHEDULE/);
    const failing = backupHealth({ lastSuccess: null, lastFailure: run(HOUR, "BACKUP_FAILED (DIR_UNWRITABLE)"), periodMinutes: null }, NOW);
    expect(failing.state).toBe("never");
    expect(failing.summary).toMatch(/the last try failed: BACKUP_FAILED \(DIR_UNWRITABLE\)/);
  });

  it("is unscheduled when backups have no schedule, however recent the last one", () => {
    const health = backupHealth({ lastSuccess: run(HOUR), lastFailure: null, periodMinutes: null }, NOW);
    expect(health).toMatchObject({ state: "unscheduled", staleAfterMs: null });
    expect(health.action).toMatch(/Set a schedule/);
  });
});
