import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../src";
import { databaseBeforeMigration } from "../helpers/database-before-migration";

const MIGRATION = "20261205120000_database_backup_runs";

describe(`migration ${MIGRATION}`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gma-backup-runs-migration-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the runs recorded before it, with no size or file, and lets DATABASE_BACKUP runs record both", async () => {
    const file = await databaseBeforeMigration(dir, MIGRATION);
    const before = new Database(file);
    before.prepare("INSERT INTO maintenance_runs (kind, started_at, finished_at, rows_affected, batches, duration_ms, vacuumed) VALUES ('SESSION_PURGE', 1, 2, 7, 3, 1.5, 1)").run();
    before.close();

    expect(await migrateDatabase(file)).toContain(MIGRATION);

    const db = await openDatabase({ file });
    try {
      expect(await db.prisma.maintenanceRun.findFirstOrThrow({ where: { kind: "SESSION_PURGE" } })).toMatchObject({ rowsAffected: 7, batches: 3, durationMs: 1.5, vacuumed: true, bytes: null, output: null });
      // Beyond 32 bits: a backup of a database over 2 GiB.
      const run = await db.prisma.maintenanceRun.create({ data: { kind: "DATABASE_BACKUP", startedAt: new Date(), bytes: 5_000_000_000n, output: "gma-20261205T020000.000Z.sqlite" } });
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ kind: "DATABASE_BACKUP", bytes: 5_000_000_000n, output: "gma-20261205T020000.000Z.sqlite" });
    } finally {
      await db.close();
    }
  });
});
