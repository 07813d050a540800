import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../src";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

describe("openDatabase", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("applies every connection setting and reads them back from SQLite", async () => {
    expect(await db.pragmas()).toEqual({
      journal_mode: "wal",
      synchronous: 1,
      cache_size: -64000,
      temp_store: 2,
      busy_timeout: 5000,
      foreign_keys: 1,
    });
  });

  it("keeps the settings after many queries on the same connection", async () => {
    for (let i = 0; i < 20; i++) await db.prisma.user.count();
    expect((await db.pragmas()).cache_size).toBe(-64000);
    expect((await db.pragmas()).foreign_keys).toBe(1);
  });

  it("applies a custom busy timeout and cache size", async () => {
    const other = await openDatabase({ file: db.file, busyTimeoutMs: 1234, cacheSizeKib: 2000 });
    try {
      const p = await other.pragmas();
      expect(p.busy_timeout).toBe(1234);
      expect(p.cache_size).toBe(-2000);
    } finally {
      await other.close();
    }
  });

  it("shares one SQLite library with raw better-sqlite3 so both connections see each other's commits", async () => {
    // Two copies of SQLite in one process break each other's POSIX locks (the adapter once
    // pulled its own better-sqlite3 11); this catches that regression.
    const userId = (await db.prisma.user.create({ data: { email: "a@example.org", displayName: "A", passwordHash: "x" } })).id;
    await db.prisma.$executeRaw`DELETE FROM users WHERE id = ${userId}`;
    const raw = new Database(db.file);
    try {
      expect(raw.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 0 });
      raw.prepare("INSERT INTO users (id, email, display_name, password_hash, updated_at) VALUES ('u2', 'b@example.org', 'B', 'x', 0)").run();
    } finally {
      raw.close();
    }
    expect(await db.prisma.user.count()).toBe(1);
  });

  it("enforces foreign keys", async () => {
    await expect(
      db.prisma.session.create({ data: { tokenHash: "x", userId: "nobody", expiresAt: new Date(), absoluteExpiresAt: new Date(), lastSeenAt: new Date() } }),
    ).rejects.toThrow();
    expect(await db.prisma.session.count()).toBe(0);
  });

  it("refuses an in-memory database with a message that says why", async () => {
    await expect(openDatabase({ file: ":memory:" })).rejects.toThrow(/WAL needs a real file/);
    await expect(openDatabase({ file: path.join(db.dir, "x.sqlite"), busyTimeoutMs: -1 })).rejects.toThrow(/busyTimeoutMs/);
  });
});

describe("migrateDatabase", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("applies nothing the second time", async () => {
    expect(await migrateDatabase(db.file)).toEqual([]);
  });

  it("creates new files with incremental auto-vacuum so purges can shrink them in steps", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ auto_vacuum: bigint }[]>("PRAGMA auto_vacuum");
    expect(Number(rows[0]?.auto_vacuum)).toBe(2);
  });

  it("records migrations so that the Prisma CLI sees the schema as up to date", () => {
    const cwd = path.resolve(import.meta.dirname, "../..");
    const r = spawnSync(path.resolve(cwd, "../../node_modules/.bin/prisma"), ["migrate", "status"], {
      cwd,
      env: { ...process.env, DATABASE_FILE: db.file },
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toContain("Database schema is up to date");
    expect(r.status).toBe(0);
  }, 30_000);
});
