import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MaintenanceKind, recordMaintenanceRun } from "../../src";
import { createTempDatabase, insertUser, seedSessions, type TempDatabase } from "../helpers/temp-database";

describe("recordMaintenanceRun", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("shows the run as started while its work runs, then records its rows, batches, vacuum flag and duration", async () => {
    const run = await recordMaintenanceRun(db.prisma, MaintenanceKind.UPLOAD_EXPIRY, async (progress, runId) => {
      // While the work runs the row exists, unfinished.
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ kind: "UPLOAD_EXPIRY", finishedAt: null, error: null });
      progress.rows = 4;
      progress.batches = 2;
      progress.vacuumed = true;
      return "done";
    });

    expect(run).toMatchObject({ rows: 4, batches: 2, vacuumed: true, value: "done" });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const row = await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(row).toMatchObject({ kind: "UPLOAD_EXPIRY", rowsAffected: 4, batches: 2, vacuumed: true, error: null });
    // SQLite REAL keeps the duration to about 15 significant digits.
    expect(row.durationMs).toBeCloseTo(run.durationMs, 6);
    expect(row.finishedAt).toBeInstanceOf(Date);
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
  });

  it("records a failed run as finished with its error and what it did before, and rethrows the error", async () => {
    const userId = await insertUser(db);
    seedSessions(db.file, userId, 3, Date.now() - 1000);
    let thrown: unknown;
    try {
      await recordMaintenanceRun(db.prisma, MaintenanceKind.INPUT_RETENTION, async (progress) => {
        progress.rows += await db.prisma.$executeRawUnsafe("DELETE FROM sessions");
        progress.batches++;
        // A real database error part-way through the run.
        await db.prisma.$executeRawUnsafe("DELETE FROM no_such_table");
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);

    const rows = await db.prisma.maintenanceRun.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "INPUT_RETENTION", rowsAffected: 3, batches: 1, vacuumed: false, error: (thrown as Error).message });
    expect(rows[0]!.error).toMatch(/no_such_table/);
    expect(rows[0]!.finishedAt).toBeInstanceOf(Date);
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("refuses a heartbeat interval that is not a number of milliseconds setInterval takes, before recording anything", async () => {
    for (const heartbeatMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      await expect(recordMaintenanceRun(db.prisma, MaintenanceKind.SESSION_PURGE, () => Promise.resolve(), { heartbeatMs })).rejects.toThrow(RangeError);
    }
    expect(await db.prisma.maintenanceRun.count()).toBe(0);
  });

  it("records a thrown non-Error by its string form", async () => {
    await expect(recordMaintenanceRun(db.prisma, MaintenanceKind.SESSION_PURGE, () => Promise.reject("stopped"))).rejects.toBe("stopped");
    expect(await db.prisma.maintenanceRun.findFirstOrThrow()).toMatchObject({ kind: "SESSION_PURGE", error: "stopped" });
  });
});
