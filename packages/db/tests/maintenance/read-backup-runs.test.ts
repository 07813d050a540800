import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackupFailedError, readBackupRuns, runDatabaseBackup } from "../../src";
import { makeUnwritable } from "../helpers/backup-files";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 5, 2, minutes));

describe("readBackupRuns", () => {
  let db: TempDatabase;
  let undo: (() => void) | undefined;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    undo?.();
    undo = undefined;
    await db.dispose();
  });

  /** A finished DATABASE_BACKUP row started at minute `minute` (failed when `error` is given). */
  const run = (minute: number, over: { error?: string; bytes?: bigint; output?: string; finished?: boolean; kind?: "DATABASE_BACKUP" | "SESSION_PURGE" } = {}) =>
    db.prisma.maintenanceRun.create({
      data: {
        kind: over.kind ?? "DATABASE_BACKUP",
        startedAt: at(minute),
        finishedAt: over.finished === false ? null : new Date(at(minute).getTime() + 1500),
        durationMs: over.finished === false ? null : 1500,
        error: over.error ?? null,
        bytes: over.error ? null : (over.bytes ?? 4096n),
        output: over.error ? null : (over.output ?? `gma-${minute}.sqlite`),
      },
    });

  it("reads nothing when no backup has run, whatever other jobs ran", async () => {
    await run(0, { kind: "SESSION_PURGE" });
    expect(await readBackupRuns(db.prisma)).toEqual({ lastSuccess: null, lastFailure: null });
  });

  it("reads the newest successful and the newest failed run, skipping a backup still running and other jobs' runs", async () => {
    await run(1, { output: "gma-old.sqlite" });
    await run(2, { error: "BACKUP_FAILED: old failure" });
    await run(3, { output: "gma-new.sqlite", bytes: 5_000_000_000n });
    await run(4, { error: "BACKUP_FAILED: DISK_FULL" });
    await run(5, { finished: false });
    await run(6, { kind: "SESSION_PURGE", error: "a purge that failed" });

    const runs = await readBackupRuns(db.prisma);

    expect(runs.lastSuccess).toEqual({
      runId: expect.any(Number),
      startedAt: at(3),
      finishedAt: new Date(at(3).getTime() + 1500),
      durationMs: 1500,
      // Past 32 bits: a database over 2 GiB.
      bytes: 5_000_000_000,
      file: "gma-new.sqlite",
      error: null,
    });
    expect(runs.lastFailure).toMatchObject({ startedAt: at(4), bytes: null, file: null, error: "BACKUP_FAILED: DISK_FULL" });
  });

  it("reads what runDatabaseBackup recorded, a success and then a failure", async () => {
    const dir = path.join(db.dir, "backups");
    const made = await runDatabaseBackup(db.prisma, { file: db.file, dir });
    undo = makeUnwritable(dir);
    await expect(runDatabaseBackup(db.prisma, { file: db.file, dir })).rejects.toBeInstanceOf(BackupFailedError);

    const runs = await readBackupRuns(db.prisma);

    expect(runs.lastSuccess).toMatchObject({ runId: made.runId, bytes: made.value.bytes, file: path.basename(made.value.file), error: null });
    expect(runs.lastFailure!.error).toMatch(/DIR_UNWRITABLE/);
    expect(runs.lastFailure!.startedAt.getTime()).toBeGreaterThanOrEqual(runs.lastSuccess!.startedAt.getTime());
  });
});
