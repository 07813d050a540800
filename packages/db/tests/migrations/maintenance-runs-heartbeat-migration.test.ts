import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAbandonedMaintenanceRuns, migrateDatabase, openDatabase } from "../../src";
import { databaseBeforeMigration } from "../helpers/database-before-migration";

const MIGRATION = "20261206120000_maintenance_runs_heartbeat";

describe(`migration ${MIGRATION}`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gma-heartbeat-migration-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the runs recorded before it, with no heartbeat, and the sweep closes one left running then by its start, leaving the finished one alone", async () => {
    const file = await databaseBeforeMigration(dir, MIGRATION);
    const before = new Database(file);
    // A purge that finished, and a backup whose worker was killed before this version.
    before.prepare("INSERT INTO maintenance_runs (id, kind, started_at, finished_at, rows_affected, batches, duration_ms, vacuumed) VALUES (1, 'SESSION_PURGE', 1000, 2000, 7, 3, 1.5, 1)").run();
    before.prepare("INSERT INTO maintenance_runs (id, kind, started_at) VALUES (2, 'DATABASE_BACKUP', 3000)").run();
    before.close();

    expect(await migrateDatabase(file)).toContain(MIGRATION);

    const db = await openDatabase({ file });
    try {
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ finishedAt: new Date(2000), rowsAffected: 7, heartbeatAt: null, error: null });
      expect(await closeAbandonedMaintenanceRuns(db.prisma)).toEqual([{ id: 2, kind: "DATABASE_BACKUP", lastHeardOf: new Date(3000) }]);
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: 2 } })).toMatchObject({ finishedAt: new Date(3000), error: expect.stringMatching(/^Abandoned: .*last heard of at 1970-01-01T00:00:03\.000Z/) });
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ finishedAt: new Date(2000), error: null });
    } finally {
      await db.close();
    }
  });
});
