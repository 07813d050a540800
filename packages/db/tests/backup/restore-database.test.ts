import { spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, BackupInvalidError, DatabaseInUseError, defaultMigrationsDir, migrateDatabase, openDatabase, restoreDatabase, verifyBackup } from "../../src";
import { folderState, integrityOf, readDatabase } from "../helpers/backup-files";
import { createTempDatabase, insertUser, seedSessions, type TempDatabase } from "../helpers/temp-database";

const emails = (file: string) => readDatabase(file, (db) => db.prepare("SELECT email FROM users ORDER BY email").pluck().all());

/**
 * Commits a row in another process that then dies without closing the database (kill -9), as a
 * crashed worker would: the row is in the -wal only, which is left beside the file.
 */
function commitThenCrash(file: string, email: string): void {
  const code = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.pragma("wal_autocheckpoint = 0");
    db.prepare("INSERT INTO users (id, email, display_name, password_hash, updated_at) VALUES (?, ?, 'Crash', 'x', 0)").run("crash-user", ${JSON.stringify(email)});
    process.kill(process.pid, "SIGKILL");`;
  spawnSync(process.execPath, ["-e", code], { cwd: path.resolve(import.meta.dirname, "../.."), timeout: 30_000 });
}

describe("restoreDatabase", () => {
  let db: TempDatabase;
  let open: boolean;
  let backups: string;
  beforeEach(async () => {
    db = await createTempDatabase();
    open = true;
    backups = path.join(db.dir, "backups");
  });
  afterEach(async () => {
    if (open) await db.close();
    await db.dispose().catch(() => undefined);
  });

  /** Closes the test's own connection: a restore needs the database idle. */
  async function stop() {
    await db.close();
    open = false;
  }

  it("brings back the backup's data (its sessions signed out), keeps the replaced database aside with what its -wal held, and leaves no stale -wal or -shm beside the restored file", async () => {
    const kept = await insertUser(db, "kept@example.org");
    // A session signed in before the backup (and, say, revoked since).
    seedSessions(db.file, kept, 1, Date.now() + 3_600_000);
    const backup = await backupDatabase({ file: db.file, dir: backups });
    // After the backup: one more account, and the first one gone.
    await insertUser(db, "after-backup@example.org");
    await db.prisma.user.delete({ where: { email: "kept@example.org" } });
    await stop();
    commitThenCrash(db.file, "only-in-wal@example.org");
    expect(statSync(`${db.file}-wal`).size).toBeGreaterThan(0);

    const restored = await restoreDatabase({ file: db.file, backup: backup.file, now: () => new Date(Date.UTC(2026, 11, 24, 9)) });

    expect(restored.previous).toBe(`${db.file}.pre-restore-20261224T090000.000Z`);
    expect(restored.pendingMigrations).toEqual([]);
    expect(restored.backup.rowCounts).toMatchObject({ users: 1, sessions: 1 });
    // Everyone signs in again.
    expect(restored.sessionsRevoked).toBe(1);
    expect(readDatabase(db.file, (c) => c.prepare("SELECT count(*) FROM sessions").pluck().get())).toBe(0);
    // Nothing of the replaced database is left beside the restored one for SQLite to replay.
    expect(existsSync(`${db.file}-wal`)).toBe(false);
    expect(existsSync(`${db.file}-shm`)).toBe(false);
    expect(readdirSync(db.dir).filter((n) => n.includes(".restoring-"))).toEqual([]);
    expect(integrityOf(db.file)).toEqual(["ok"]);
    expect(emails(db.file)).toEqual(["kept@example.org"]);
    // The replaced database is whole, the row its -wal alone held included.
    expect(integrityOf(restored.previous!)).toEqual(["ok"]);
    expect(emails(restored.previous!)).toEqual(["after-backup@example.org", "only-in-wal@example.org"]);

    // The API opens and writes the restored database as ever.
    const reopened = await openDatabase({ file: db.file });
    try {
      await reopened.prisma.user.create({ data: { email: "new@example.org", displayName: "New", passwordHash: "x" } });
      expect(await reopened.prisma.user.count()).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it("lists the migrations a backup predates, for the next start to apply", async () => {
    const earlier = path.join(db.dir, "earlier-migrations");
    const names = readdirSync(defaultMigrationsDir).filter((n) => existsSync(path.join(defaultMigrationsDir, n, "migration.sql"))).sort();
    mkdirSync(earlier);
    cpSync(path.join(defaultMigrationsDir, names[0]!), path.join(earlier, names[0]!), { recursive: true });
    const old = path.join(db.dir, "old.sqlite");
    await migrateDatabase(old, { migrationsDir: earlier });
    const backup = await backupDatabase({ file: old, dir: backups });
    await stop();

    const restored = await restoreDatabase({ file: db.file, backup: backup.file });

    expect(restored.pendingMigrations).toEqual(names.slice(1));
    expect(restored.backup.migrations).toEqual([names[0]]);
  });

  it.each([
    ["bytes overwritten in its pages", (file: string) => {
      const fd = openSync(file, "r+");
      const size = statSync(file).size;
      for (let offset = 4096 + 100; offset < size; offset += 4096) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset);
      closeSync(fd);
    }],
    ["half of it cut off", (file: string) => truncateSync(file, Math.floor(statSync(file).size / 8192) * 4096)],
    ["not SQLite at all", (file: string) => writeFileSync(file, "SQLite format 2\0 but not really".repeat(200))],
  ])("refuses a backup with %s (BACKUP_INVALID) and leaves the current database untouched", async (_what, damage) => {
    await insertUser(db, "current@example.org");
    const backup = await backupDatabase({ file: db.file, dir: backups });
    damage(backup.file);
    await stop();
    const before = folderState(db.dir);

    const error = await restoreDatabase({ file: db.file, backup: backup.file }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BackupInvalidError);
    expect(error).toMatchObject({ code: "BACKUP_INVALID", isUserError: true });
    expect((error as BackupInvalidError).problems.length).toBeGreaterThan(0);
    expect(folderState(db.dir)).toEqual(before);
    expect(emails(db.file)).toEqual(["current@example.org"]);
  });

  it("refuses a backup made by a newer version (a migration this one does not know) and a missing file", async () => {
    const backup = await backupDatabase({ file: db.file, dir: backups });
    const newer = new Database(backup.file);
    newer.prepare("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', 1, '29991231000000_from_the_future', 1, 1)").run();
    newer.close();
    await stop();
    const before = folderState(db.dir);

    await expect(restoreDatabase({ file: db.file, backup: backup.file })).rejects.toMatchObject({ code: "BACKUP_INVALID", message: expect.stringMatching(/29991231000000_from_the_future.*newer version/) });
    await expect(restoreDatabase({ file: db.file, backup: path.join(backups, "missing.sqlite") })).rejects.toMatchObject({ code: "BACKUP_INVALID", message: expect.stringMatching(/cannot be read \(ENOENT\)/) });
    expect(folderState(db.dir)).toEqual(before);
  });

  it("refuses (DATABASE_IN_USE) while another connection has the database open, even idle, and changes nothing; stopped, it restores", async () => {
    await insertUser(db, "current@example.org");
    const backup = await backupDatabase({ file: db.file, dir: backups });
    await insertUser(db, "later@example.org");
    // A read-only connection, as the API's session reader holds, counts too.
    const reader = new Database(db.file, { readonly: true });
    reader.prepare("SELECT count(*) FROM users").get();
    await stop();
    const before = folderState(db.dir);

    const error = await restoreDatabase({ file: db.file, backup: backup.file }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseInUseError);
    expect(error).toMatchObject({ code: "DATABASE_IN_USE" });
    expect((error as DatabaseInUseError).hint).toMatch(/Stop the API/);
    expect(folderState(db.dir)).toEqual(before);

    reader.close();
    await restoreDatabase({ file: db.file, backup: backup.file });
    expect(emails(db.file)).toEqual(["current@example.org"]);
  });

  it("restores where no database is yet, and refuses to restore the database onto itself", async () => {
    const backup = await backupDatabase({ file: db.file, dir: backups });
    await stop();
    const fresh = path.join(db.dir, "fresh", "gma.sqlite");

    const restored = await restoreDatabase({ file: fresh, backup: backup.file });
    expect(restored.previous).toBeNull();
    // The backup's rows, and the restore in the audit log.
    const facts = await verifyBackup(fresh);
    expect(facts.migrations).toEqual(restored.backup.migrations);
    expect(facts.rowCounts).toEqual({ ...restored.backup.rowCounts, audit_events: restored.backup.rowCounts.audit_events! + 1 });

    await expect(restoreDatabase({ file: fresh, backup: fresh })).rejects.toMatchObject({ code: "RESTORE_FAILED" });
  });
});
