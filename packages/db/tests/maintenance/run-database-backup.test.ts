import { statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, BackupFailedError, listBackups, restoreDatabase, runDatabaseBackup } from "../../src";
import { makeUnwritable, readDatabase } from "../helpers/backup-files";
import { createTempDatabase, insertUser, type TempDatabase } from "../helpers/temp-database";

describe("runDatabaseBackup", () => {
  let db: TempDatabase;
  let dir: string;
  let undo: (() => void) | undefined;
  beforeEach(async () => {
    db = await createTempDatabase();
    dir = path.join(db.dir, "backups");
  });
  afterEach(async () => {
    undo?.();
    undo = undefined;
    await db.dispose().catch(() => undefined);
  });

  it("records a DATABASE_BACKUP run with the backup's size and file name, the older backups deleted and the duration", async () => {
    await insertUser(db);
    const old = await backupDatabase({ file: db.file, dir, now: () => new Date(Date.UTC(2026, 0, 1)) });

    const run = await runDatabaseBackup(db.prisma, { file: db.file, dir, keep: 1 });

    expect(run.value.deleted).toEqual([old.file]);
    expect(listBackups(dir, db.file).map((b) => b.file)).toEqual([run.value.file]);
    const row = await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(row).toMatchObject({ kind: "DATABASE_BACKUP", rowsAffected: 1, batches: 1, error: null, output: path.basename(run.value.file) });
    expect(Number(row.bytes)).toBe(statSync(run.value.file).size);
    expect(row.finishedAt).toBeInstanceOf(Date);
    expect(row.durationMs).toBeGreaterThan(0);
  });

  it("records a failed backup as a finished run with its BACKUP_FAILED error, and rethrows it", async () => {
    await backupDatabase({ file: db.file, dir });
    undo = makeUnwritable(dir);

    await expect(runDatabaseBackup(db.prisma, { file: db.file, dir })).rejects.toBeInstanceOf(BackupFailedError);

    const row = await db.prisma.maintenanceRun.findFirstOrThrow({ where: { kind: "DATABASE_BACKUP" } });
    expect(row).toMatchObject({ rowsAffected: 0, bytes: null, output: null });
    expect(row.error).toMatch(/DIR_UNWRITABLE/);
    expect(row.finishedAt).toBeInstanceOf(Date);
  });

  it("a restore of the job's backup closes the job's own run, which the copy caught in progress", async () => {
    const run = await runDatabaseBackup(db.prisma, { file: db.file, dir });
    // The backup holds its own run unfinished: it was copied while it ran.
    expect(readDatabase(run.value.file, (c) => c.prepare("SELECT finished_at FROM maintenance_runs WHERE id = ?").pluck().get(run.runId))).toBeNull();
    await db.close();

    const restored = await restoreDatabase({ file: db.file, backup: run.value.file, now: () => new Date(Date.UTC(2026, 11, 24, 9)) });

    expect(restored.unfinishedRunsClosed).toBe(1);
    const row = readDatabase(db.file, (c) => c.prepare("SELECT kind, finished_at AS finishedAt, error FROM maintenance_runs WHERE id = ?").get(run.runId));
    expect(row).toEqual({ kind: "DATABASE_BACKUP", finishedAt: Date.UTC(2026, 11, 24, 9), error: expect.stringMatching(/Still running when the backup was taken.*2026-12-24T09:00:00.000Z/) });
  });
});
