import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { purgeExpiredSessions, SessionService } from "../../src";
import { createTempDatabase, insertUser, seedSessions, type TempDatabase } from "../helpers/temp-database";

const HOUR = 3600_000;

describe("purgeExpiredSessions", () => {
  let db: TempDatabase;
  let userId: string;
  beforeEach(async () => {
    db = await createTempDatabase();
    userId = await insertUser(db);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("deletes nothing when nothing has expired, and still records the run", async () => {
    seedSessions(db.file, userId, 50, Date.now() + HOUR);
    const result = await purgeExpiredSessions(db);
    expect(result).toMatchObject({ rows: 0, batches: 0, vacuumed: false });
    expect(await db.prisma.session.count()).toBe(50);
    const run = await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ kind: "SESSION_PURGE", rowsAffected: 0, batches: 0, error: null });
    expect(run.finishedAt).toBeInstanceOf(Date);
  });

  it("deletes everything when everything has expired, in ceil(n / batchSize) batches", async () => {
    seedSessions(db.file, userId, 2500, Date.now() - HOUR);
    const result = await purgeExpiredSessions(db, { batchSize: 1000 });
    expect(result).toMatchObject({ rows: 2500, batches: 3 });
    expect(await db.prisma.session.count()).toBe(0);
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: result.runId } })).toMatchObject({ rowsAffected: 2500, batches: 3 });
  });

  it("deletes only the expired rows with a batch size of 1", async () => {
    seedSessions(db.file, userId, 7, Date.now() - HOUR);
    seedSessions(db.file, userId, 5, Date.now() + HOUR);
    const result = await purgeExpiredSessions(db, { batchSize: 1 });
    expect(result).toMatchObject({ rows: 7, batches: 7 });
    expect(await db.prisma.session.count()).toBe(5);
    expect(await db.prisma.session.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);
  });

  it("keeps sessions inserted while it runs and keeps validating them without errors", async () => {
    seedSessions(db.file, userId, 3000, Date.now() - HOUR);
    const sessions = new SessionService(db.prisma);
    const live = await sessions.create(userId);
    let stop = false;
    const inserted: string[] = [];
    const validations: boolean[] = [];
    const writer = (async () => {
      while (!stop) {
        inserted.push((await sessions.create(userId)).token);
        validations.push((await sessions.validate(live.token)) !== null);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await purgeExpiredSessions(db, { batchSize: 100 });
    stop = true;
    await writer;
    expect(result.rows).toBe(3000);
    expect(inserted.length).toBeGreaterThan(0);
    expect(validations.every(Boolean)).toBe(true);
    for (const token of inserted) expect(await sessions.validate(token)).not.toBeNull();
    expect(await db.prisma.session.count()).toBe(inserted.length + 1);
  });

  it("vacuums after a mass delete above the threshold and not below it", async () => {
    seedSessions(db.file, userId, 3000, Date.now() - HOUR);
    const small = await purgeExpiredSessions(db, { vacuumThreshold: 5000 });
    expect(small).toMatchObject({ rows: 3000, vacuumed: false });
    const freelist = async () => Number((await db.prisma.$queryRawUnsafe<{ freelist_count: bigint }[]>("PRAGMA freelist_count"))[0]?.freelist_count);
    expect(await freelist()).toBeGreaterThan(0);
    seedSessions(db.file, userId, 6000, Date.now() - HOUR);
    const big = await purgeExpiredSessions(db, { vacuumThreshold: 5000, vacuumPagesPerStep: 16 });
    expect(big).toMatchObject({ rows: 6000, vacuumed: true, vacuumMode: "incremental" });
    expect(await freelist()).toBe(0);
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: big.runId } })).toMatchObject({ vacuumed: true });
  });

  it("rejects invalid options with a message naming the option", async () => {
    await expect(purgeExpiredSessions(db, { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(purgeExpiredSessions(db, { vacuumThreshold: -1 })).rejects.toThrow(/vacuumThreshold/);
    expect(await db.prisma.maintenanceRun.count()).toBe(0);
  });
});
