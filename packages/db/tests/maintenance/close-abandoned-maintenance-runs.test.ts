import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAbandonedMaintenanceRuns, MAINTENANCE_RUN_ABANDONED_AFTER_MS, MaintenanceKind, recordMaintenanceRun } from "../../src";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const here = path.dirname(fileURLToPath(import.meta.url));
const MINUTE = 60_000;

/** The error an abandoned run last heard of at `at` is closed with. */
const abandoned = (at: Date) =>
  `Abandoned: the process running it stopped before the run finished (last heard of at ${at.toISOString()}); the job's next run, scheduled or started by hand, does its work.`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

describe("closeAbandonedMaintenanceRuns", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("closes an unfinished run not heard of for longer than the threshold as failed, finished when it was last heard of, and leaves fresh, finished and failed runs alone", async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const dead = await db.prisma.maintenanceRun.create({ data: { kind: "DATABASE_BACKUP", startedAt: ago(60 * MINUTE), heartbeatAt: ago(50 * MINUTE + 123), rowsAffected: 2, batches: 1 } });
    // Heard of just inside the threshold: alive.
    const live = await db.prisma.maintenanceRun.create({ data: { kind: "SESSION_PURGE", startedAt: ago(60 * MINUTE), heartbeatAt: ago(MAINTENANCE_RUN_ABANDONED_AFTER_MS - 1000) } });
    const done = await db.prisma.maintenanceRun.create({ data: { kind: "ANALYSIS_ARCHIVE", startedAt: ago(60 * MINUTE), heartbeatAt: ago(59 * MINUTE), finishedAt: ago(58 * MINUTE), durationMs: 5 } });
    const failed = await db.prisma.maintenanceRun.create({ data: { kind: "UPLOAD_EXPIRY", startedAt: ago(60 * MINUTE), heartbeatAt: ago(59 * MINUTE), finishedAt: ago(58 * MINUTE), error: "ENOSPC" } });
    const before = await db.prisma.maintenanceRun.findMany({ where: { id: { in: [live.id, done.id, failed.id] } }, orderBy: { id: "asc" } });

    const closed = await closeAbandonedMaintenanceRuns(db.prisma, { now });

    expect(closed).toEqual([{ id: dead.id, kind: "DATABASE_BACKUP", lastHeardOf: dead.heartbeatAt }]);
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      finishedAt: dead.heartbeatAt,
      error: abandoned(dead.heartbeatAt!),
      // What it recorded before it died stays; its duration is unknown.
      rowsAffected: 2,
      batches: 1,
      durationMs: null,
    });
    expect(await db.prisma.maintenanceRun.findMany({ where: { id: { in: [live.id, done.id, failed.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    // Once closed, it is not closed again.
    expect(await closeAbandonedMaintenanceRuns(db.prisma, { now })).toEqual([]);
  });

  it("closes a run from before heartbeats by its start, and takes the default threshold of five minutes", async () => {
    const now = new Date();
    const old = await db.prisma.maintenanceRun.create({ data: { kind: "INPUT_RETENTION", startedAt: new Date(now.getTime() - 3 * 86_400_000) } });
    const recent = await db.prisma.maintenanceRun.create({ data: { kind: "INPUT_RETENTION", startedAt: new Date(now.getTime() - 4 * MINUTE) } });

    expect(await closeAbandonedMaintenanceRuns(db.prisma, { now })).toEqual([{ id: old.id, kind: "INPUT_RETENTION", lastHeardOf: old.startedAt }]);
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ finishedAt: old.startedAt, error: abandoned(old.startedAt) });
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ finishedAt: null, error: null });
  });

  it("refuses a threshold that is not a positive number of milliseconds", async () => {
    for (const abandonedAfterMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(closeAbandonedMaintenanceRuns(db.prisma, { abandonedAfterMs })).rejects.toThrow(RangeError);
    }
  });

  it("never closes a live run whose work outlasts the threshold many times over, as its heartbeat keeps it fresh; the heartbeat stops when the run ends", async () => {
    let sweeps = 0;
    const run = await recordMaintenanceRun(
      db.prisma,
      MaintenanceKind.DATABASE_BACKUP,
      async (progress, runId) => {
        // 2 s of work against a 500 ms threshold (ten beats), swept all the while.
        const end = Date.now() + 2000;
        while (Date.now() < end) {
          expect(await closeAbandonedMaintenanceRuns(db.prisma, { abandonedAfterMs: 500 })).toEqual([]);
          sweeps++;
          await sleep(25);
        }
        expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ finishedAt: null, error: null });
        progress.rows = 1;
        return "done";
      },
      { heartbeatMs: 50 },
    );
    expect(sweeps).toBeGreaterThan(10);
    const finished = await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(finished).toMatchObject({ error: null, rowsAffected: 1 });
    expect(finished.heartbeatAt!.getTime()).toBeGreaterThan(finished.startedAt.getTime() + 1500);

    // No beat after the end: the heartbeat stays where it was, and a finished run is never swept.
    await sleep(300);
    expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: run.runId } })).toEqual(finished);
    expect(await closeAbandonedMaintenanceRuns(db.prisma, { abandonedAfterMs: 1 })).toEqual([]);
  });

  it("stops the heartbeat of a run whose work failed, and the failure is recorded, not taken for abandoned", async () => {
    await expect(
      recordMaintenanceRun(
        db.prisma,
        MaintenanceKind.UPLOAD_EXPIRY,
        async () => {
          await sleep(200);
          throw new Error("EACCES");
        },
        { heartbeatMs: 20 },
      ),
    ).rejects.toThrow("EACCES");
    const row = await db.prisma.maintenanceRun.findFirstOrThrow();
    await sleep(200);
    expect(await db.prisma.maintenanceRun.findFirstOrThrow()).toEqual(row);
    expect(row.error).toBe("EACCES");
  });

  it("a run whose process was killed (SIGKILL) mid-run is closed, finished at its last heartbeat, while one still running beside it is not", async () => {
    const start = () => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "../helpers/endless-maintenance-run.ts"), db.file, "50"], { stdio: ["ignore", "pipe", "inherit"] });
      const runId = once(child.stdout, "data").then(([chunk]) => Number(String(chunk).trim()));
      return { child, runId };
    };
    const killed = start();
    const alive = start();
    try {
      const ids = [await killed.runId, await alive.runId];
      // Both beat: each row's heartbeat moves past its start.
      for (const id of ids) {
        await until(async () => {
          const row = await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id } });
          return row.heartbeatAt!.getTime() > row.startedAt.getTime() + 100 ? row : undefined;
        });
      }
      killed.child.kill("SIGKILL");
      await once(killed.child, "exit");
      const last = (await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: ids[0]! } })).heartbeatAt!;

      // Well past the threshold of the dead one (40 beats); the live one keeps beating meanwhile.
      await sleep(3000);
      const closed = await closeAbandonedMaintenanceRuns(db.prisma, { abandonedAfterMs: 2000 });

      expect(closed).toEqual([{ id: ids[0], kind: "SESSION_PURGE", lastHeardOf: last }]);
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({ finishedAt: last, heartbeatAt: last, error: abandoned(last), durationMs: null });
      expect(await db.prisma.maintenanceRun.findUniqueOrThrow({ where: { id: ids[1]! } })).toMatchObject({ finishedAt: null, error: null });
    } finally {
      for (const { child } of [killed, alive]) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    // Two processes start tsx and open the database.
  }, 30_000);
});
