import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, BackupFailedError, backupFileName, listBackups, parseBackupFileName, verifyBackup } from "../../src";
import { folderState, integrityOf, makeUnwritable, readDatabase, seedAuditEvents } from "../helpers/backup-files";
import { createTempDatabase, insertUser, type TempDatabase } from "../helpers/temp-database";

const BACKUP_NAME = /^[0-9a-f]{8}-\d{8}T\d{6}\.\d{3}Z\.sqlite$/;
const day = (d: number) => () => new Date(Date.UTC(2026, 11, d, 2, 0, 0));

/** SHA-256 of the audit events with ids up to `maxId`, in id order: the same rows compare equal. */
function auditDigest(file: string, maxId: number): string {
  return readDatabase(file, (db) => {
    const hash = createHash("sha256");
    for (const row of db.prepare("SELECT id, action, details FROM audit_events WHERE id <= ? ORDER BY id").iterate(maxId)) hash.update(JSON.stringify(row));
    return hash.digest("hex");
  });
}

describe("backupDatabase", () => {
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
    await db.dispose();
  });

  it("takes a backup while another connection keeps committing: the copy holds exactly the transactions committed before it, passes integrity_check, and the writer is never blocked", async () => {
    // About 30 MB, so that the copy takes long enough for many commits to land while it runs.
    seedAuditEvents(db.file, 30_000);
    const writer = new Database(db.file, { timeout: 5000 });
    const insert = writer.prepare("INSERT INTO audit_events (action, target_type, created_at) VALUES (?, 'pair', ?)");
    // Each transaction commits two rows: a consistent copy has both or neither.
    const pair = writer.transaction((n: number) => {
      insert.run(`pair-${n}-a`, Date.now());
      insert.run(`pair-${n}-b`, Date.now());
    });
    const committedBefore = 30_000;
    let pairs = 0;
    let writeError: unknown;
    let finished = false;
    const backing = backupDatabase({ file: db.file, dir }).finally(() => {
      finished = true;
    });
    try {
      // The copy runs on a thread of its own; this thread keeps committing until it is done.
      while (!finished) {
        try {
          pair(pairs++);
        } catch (error) {
          writeError = error;
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await backing.catch(() => undefined);
      writer.close();
    }
    const backup = await backing;

    expect(writeError).toBeUndefined();
    expect(path.basename(backup.file)).toMatch(BACKUP_NAME);
    expect(backup.bytes).toBe(statSync(backup.file).size);
    expect(integrityOf(backup.file)).toEqual(["ok"]);
    const copied = readDatabase(backup.file, (c) => c.prepare("SELECT count(*) AS n, max(id) AS maxId FROM audit_events").get() as { n: number; maxId: number });
    const live = readDatabase(db.file, (c) => c.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number });
    // Every row committed before the backup started, then whole pairs only, with no gap.
    expect(copied.n).toBeGreaterThanOrEqual(committedBefore);
    expect((copied.n - committedBefore) % 2).toBe(0);
    expect(copied.maxId).toBe(copied.n);
    expect(backup.rowCounts.audit_events).toBe(copied.n);
    // Commits went on while the copy ran, and those after its snapshot are not in it.
    expect(live.n).toBe(committedBefore + 2 * pairs);
    expect(live.n).toBeGreaterThan(copied.n);
    // The rows it holds are the live database's, byte for byte.
    expect(auditDigest(backup.file, copied.n)).toBe(auditDigest(db.file, copied.n));
    expect(backup.migrations.length).toBeGreaterThan(0);
    // A single file: nothing beside it, and no temporary file left.
    expect(readdirSync(dir)).toEqual([path.basename(backup.file)]);
  });

  it("keeps the newest `keep` backups, deleting older ones only after the new one is in place, and leaves every other file in the folder alone", async () => {
    await insertUser(db);
    mkdirSync(dir, { recursive: true });
    const others = ["notes.txt", "other-20261201T020000.000Z.sqlite", "manual-copy.sqlite", `${path.basename(db.file, ".sqlite")}-20261201T020000.000Z.sqlite.bak`];
    for (const name of others) writeFileSync(path.join(dir, name), "not a backup of this database");

    const made = [];
    for (let d = 1; d <= 3; d++) {
      const b = await backupDatabase({ file: db.file, dir, keep: 3, now: day(d) });
      expect(b.deleted).toEqual([]);
      made.push(b.file);
    }
    const fourth = await backupDatabase({ file: db.file, dir, keep: 3, now: day(4) });
    expect(fourth.deleted).toEqual([made[0]]);
    const fifth = await backupDatabase({ file: db.file, dir, keep: 2, now: day(5) });
    // Newest first, as they are listed.
    expect(fifth.deleted).toEqual([made[2], made[1]]);

    expect(listBackups(dir, db.file).map((b) => b.file)).toEqual([fifth.file, fourth.file]);
    expect(listBackups(dir, db.file).map((b) => b.takenAt.toISOString())).toEqual(["2026-12-05T02:00:00.000Z", "2026-12-04T02:00:00.000Z"]);
    expect(readdirSync(dir).sort()).toEqual([...others, path.basename(fifth.file), path.basename(fourth.file)].sort());
  });

  it("names two backups taken in the same millisecond apart", async () => {
    const [a, b] = await Promise.all([backupDatabase({ file: db.file, dir, now: day(1) }), backupDatabase({ file: db.file, dir, now: day(1) })]);
    expect(a.file).not.toBe(b.file);
    expect(listBackups(dir, db.file)).toHaveLength(2);
  });

  it("reads back from a backup's name the stem and the instant it was taken, and nothing from a name it did not write", () => {
    const at = new Date(Date.UTC(2026, 11, 5, 2, 0, 0, 7));
    expect(parseBackupFileName(path.join(dir, backupFileName("/var/lib/gma/gma.v2.sqlite", at)))).toEqual({ stem: "gma.v2", takenAt: at });
    for (const name of ["before-upgrade.sqlite", "gma-20261205T020000.007Z.sqlite.bak", "gma-20260230T020000.000Z.sqlite", "-20261205T020000.000Z.sqlite"]) expect(parseBackupFileName(name)).toBeNull();
  });

  it("fails with BACKUP_FAILED (DIR_UNWRITABLE) into a folder it cannot write, leaving no file and the earlier backups as they were", async () => {
    await insertUser(db);
    const earlier = [await backupDatabase({ file: db.file, dir, now: day(1) }), await backupDatabase({ file: db.file, dir, now: day(2) })];
    const before = folderState(dir);
    undo = makeUnwritable(dir);

    const error = await backupDatabase({ file: db.file, dir, keep: 1 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BackupFailedError);
    expect(error).toMatchObject({ code: "BACKUP_FAILED", reason: "DIR_UNWRITABLE", isUserError: false });
    expect((error as BackupFailedError).hint).toMatch(/DATABASE_BACKUP_DIR/);
    undo();
    undo = undefined;
    expect(folderState(dir)).toEqual(before);
    for (const b of earlier) await expect(verifyBackup(b.file)).resolves.toMatchObject({ rowCounts: { users: 1 } });
  });

  it("fails with BACKUP_FAILED when the copy cannot be written to its end (a file size limit, as on a full disk), removing the partial copy and keeping the earlier backups", async () => {
    seedAuditEvents(db.file, 4000);
    const earlier = await backupDatabase({ file: db.file, dir, now: day(1) });
    const before = folderState(dir);
    expect(earlier.bytes).toBeGreaterThan(3 * 1024 * 1024);
    // A child process whose files may not grow past 1 MiB: SQLite's writes of the copy fail
    // part-way, after VACUUM INTO has written the first megabyte of the temporary file.
    const script = path.join(db.dir, "backup-child.mts");
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/index.ts");
    writeFileSync(
      script,
      `import { backupDatabase } from ${JSON.stringify(src)};
try {
  await backupDatabase({ file: ${JSON.stringify(db.file)}, dir: ${JSON.stringify(dir)}, keep: 1 });
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ code: e.code, reason: e.reason, message: e.message }));
}`,
    );
    const child = spawnSync("bash", ["-c", `ulimit -f 1024 && exec "${process.execPath}" --import tsx "${script}"`], { encoding: "utf8", cwd: path.dirname(src), timeout: 60_000 });
    const lines = child.stdout.trim().split("\n");
    const result = JSON.parse(lines.at(-1) ?? "{}") as { ok?: boolean; code?: string; reason?: string; message?: string };

    expect(result, child.stderr).toMatchObject({ code: "BACKUP_FAILED" });
    expect(["DISK_FULL", "IO_ERROR"]).toContain(result.reason);
    expect(folderState(dir)).toEqual(before);
    await expect(verifyBackup(earlier.file)).resolves.toMatchObject({ rowCounts: { audit_events: 4000 } });
  });

  it("fails with BACKUP_FAILED (VERIFICATION_FAILED) when the copy is not a GMA Insight database, and leaves no file", async () => {
    const plain = path.join(db.dir, "plain.sqlite");
    const other = new Database(plain);
    other.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    other.close();

    const error = await backupDatabase({ file: plain, dir }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "BACKUP_FAILED", reason: "VERIFICATION_FAILED" });
    expect((error as Error).message).toMatch(/_prisma_migrations/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("fails with BACKUP_FAILED (DATABASE_MISSING) for a database that does not exist, creating nothing", async () => {
    const error = await backupDatabase({ file: path.join(db.dir, "missing.sqlite"), dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BACKUP_FAILED", reason: "DATABASE_MISSING" });
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(path.join(db.dir, "missing.sqlite"))).toBe(false);
  });

  it("refuses a keep that is not a positive integer before touching anything", async () => {
    for (const keep of [0, -1, 1.5]) await expect(backupDatabase({ file: db.file, dir, keep })).rejects.toThrow(RangeError);
    expect(existsSync(dir)).toBe(false);
  });

  it("removes a temporary file left by a backup killed an hour ago or more, and keeps a recent one", async () => {
    mkdirSync(dir);
    const stem = path.basename(db.file, ".sqlite");
    const stale = path.join(dir, `.${stem}-20261201T020000.000Z.sqlite.partial-deadbeef`);
    const live = path.join(dir, `.${stem}-20261201T030000.000Z.sqlite.partial-cafebabe`);
    writeFileSync(stale, "half a copy");
    writeFileSync(live, "a copy being written");
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, old, old);

    const backup = await backupDatabase({ file: db.file, dir });

    expect(readdirSync(dir).sort()).toEqual([path.basename(live), path.basename(backup.file)].sort());
    rmSync(live);
  });
});
