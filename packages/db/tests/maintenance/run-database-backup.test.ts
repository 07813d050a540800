import { copyFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, BackupFailedError, listBackups, openDatabase, readBackupRuns, restoreDatabase, runDatabaseBackup } from "../../src";
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

  /** The restored database's backup runs, as /metrics and the maintenance page read them. */
  async function backupRunsOf(file: string) {
    const restored = await openDatabase({ file });
    try {
      return await readBackupRuns(restored.prisma);
    } finally {
      await restored.close();
    }
  }

  /** A DATABASE_BACKUP run left running (another backup in progress, or one whose process died), as the job's row is created. */
  const runningBackupRun = (startedAt: Date) => db.prisma.maintenanceRun.create({ data: { kind: "DATABASE_BACKUP", startedAt } }).then((r) => r.id);

  const errorOf = (file: string, id: number) => readDatabase(file, (c) => c.prepare("SELECT error FROM maintenance_runs WHERE id = ?").pluck().get(id)) as string | null;

  it("a restore of the job's backup records the job's own run, which the copy caught in progress, as the successful backup it was: no failure is reported, and other runs caught running close as failed", async () => {
    await insertUser(db);
    const purge = await db.prisma.maintenanceRun.create({ data: { kind: "SESSION_PURGE", startedAt: new Date() } });
    const run = await runDatabaseBackup(db.prisma, { file: db.file, dir });
    // The backup holds its own run unfinished: it was copied while it ran.
    expect(readDatabase(run.value.file, (c) => c.prepare("SELECT finished_at FROM maintenance_runs WHERE id = ?").pluck().get(run.runId))).toBeNull();
    await db.close();
    const restoredAt = new Date(Date.UTC(2026, 11, 24, 9));

    const restored = await restoreDatabase({ file: db.file, backup: run.value.file, now: () => restoredAt });

    expect(restored.backupRunCompleted).toBe(run.runId);
    expect(restored.unfinishedRunsClosed).toBe(1);
    // Finished when its copy was taken (the instant in the file's name), not at the restore.
    expect(await backupRunsOf(db.file)).toEqual({
      lastSuccess: { runId: run.runId, startedAt: expect.any(Date), finishedAt: run.value.takenAt, durationMs: null, bytes: run.value.bytes, file: path.basename(run.value.file), error: null },
      lastFailure: null,
    });
    expect(errorOf(db.file, purge.id)).toMatch(/^Still running when the backup was taken; the database was restored from that backup at 2026-12-24T09:00:00.000Z\.$/);
    // The restore is in the restored database's audit log, by the system.
    const audit = readDatabase(db.file, (c) => c.prepare("SELECT actor_id AS actorId, target_type AS targetType, details, created_at AS createdAt FROM audit_events WHERE action = 'database.restore'").all());
    expect(audit).toEqual([{ actorId: null, targetType: "database", createdAt: restoredAt.getTime(), details: expect.any(String) }]);
    expect(JSON.parse((audit as { details: string }[])[0]!.details)).toEqual({
      backup: path.basename(run.value.file),
      takenAt: run.value.takenAt.toISOString(),
      backupRunCompleted: run.runId,
      unfinishedRunsClosed: 1,
      sessionsRevoked: 0,
    });
  });

  it("closes as failed, saying why, a backup run that may not have made the backup: two backup runs in progress, one started long before, or one started before a renamed copy was taken", async () => {
    const other = await runningBackupRun(new Date());
    const stale = await runningBackupRun(new Date(Date.now() - 5 * 60_000));
    const run = await runDatabaseBackup(db.prisma, { file: db.file, dir });
    const renamed = path.join(db.dir, "before-upgrade.sqlite");
    copyFileSync(run.value.file, renamed);
    await db.close();

    const restored = await restoreDatabase({ file: db.file, backup: run.value.file });

    expect(restored).toMatchObject({ backupRunCompleted: null, unfinishedRunsClosed: 3 });
    expect(errorOf(db.file, run.runId)).toMatch(/^Still running when the backup was taken; .* 2 backup runs started shortly before this backup \(.+\.sqlite\) was taken, so which one made it cannot be told\.$/);
    expect(errorOf(db.file, other)).toMatch(/2 backup runs started shortly before/);
    expect(errorOf(db.file, stale)).toMatch(/It started at .*, more than 60 s before this backup \(.+\) was taken: it did not make it \(a backup made by npm run db:backup records no run\)\.$/);
    expect((await backupRunsOf(db.file)).lastSuccess).toBeNull();

    const again = await restoreDatabase({ file: db.file, backup: renamed });
    expect(again).toMatchObject({ backupRunCompleted: null, unfinishedRunsClosed: 3 });
    expect(errorOf(db.file, run.runId)).toMatch(/The backup's name \(before-upgrade\.sqlite\) does not say when it was taken, so no run can be told to be the one that made it\.$/);
  });

  it("closes as failed a backup run beside which npm run db:backup (which records no run) took the backup restored: another backup taken as soon after the run started could be the run's", async () => {
    const job = await runningBackupRun(new Date());
    // The command line's backup, then the job's own, named a moment later.
    const cli = await backupDatabase({ file: db.file, dir });
    const jobs = await backupDatabase({ file: db.file, dir });
    await db.close();

    const restored = await restoreDatabase({ file: db.file, backup: cli.file });

    expect(restored).toMatchObject({ backupRunCompleted: null, unfinishedRunsClosed: 1 });
    expect(errorOf(db.file, job)).toContain(`Another backup (${path.basename(jobs.file)}) was taken as soon after this run started as this one (${path.basename(cli.file)}), so which of the two it made cannot be told.`);
    expect(await backupRunsOf(db.file)).toMatchObject({ lastSuccess: null, lastFailure: { runId: job } });
  });
});
