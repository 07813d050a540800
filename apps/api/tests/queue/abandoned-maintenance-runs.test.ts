import { QueueEvents } from "bullmq";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger";
import { MAINTENANCE_QUEUE } from "../../src/queue/queues";
import { redisOptions } from "../../src/redis-connection";
import { startWorker } from "../../src/worker";
import { useTestApis, type TestApi } from "../helpers/test-api";

const testApis = useTestApis();
const { onCleanup } = testApis;
const MINUTE = 60_000;

type LogLine = { level: string; message: string; runId?: number; kind?: string; lastHeardOf?: string; during?: string };

const RUNS = `query($kind: String) {
  maintenanceRuns(kind: $kind, first: 10) { edges { node { id kind finishedAt error durationMs } } }
}`;
type Run = { id: string; kind: string; finishedAt: string | null; error: string | null; durationMs: number | null };

const SET_SCHEDULE = `mutation($kind: MaintenanceJob!, $cron: String) { setMaintenanceSchedule(kind: $kind, cron: $cron) { kind } }`;

/** The error an abandoned run last heard of at `at` is closed with. */
const abandoned = (at: Date) =>
  `Abandoned: the process running it stopped before the run finished (last heard of at ${at.toISOString()}); the job's next run, scheduled or started by hand, does its work.`;

/**
 * A test API whose default schedulers are all on yearly crons, set before any worker starts, so
 * that no job runs at a worker's start (an interval's first run is at once): what a test sees
 * closed is then closed by the worker's start alone, or by the job it adds.
 */
async function quietApi() {
  const t = await testApis.api();
  const token = await t.login(t.users.ADMIN.email);
  for (const kind of ["SESSION_PURGE", "ANALYSIS_ARCHIVE", "UPLOAD_EXPIRY", "INPUT_RETENTION", "DATABASE_BACKUP"]) {
    expect((await t.gql(SET_SCHEDULE, { kind, cron: "0 0 1 1 *" }, { token })).errors).toBeUndefined();
  }
  return { t, token };
}

async function worker(t: TestApi) {
  const lines: LogLine[] = [];
  const logger = createLogger("warn", "worker", (line) => lines.push(JSON.parse(line) as LogLine));
  const w = await startWorker(t.api.services.config, { prisma: t.prisma, logger });
  onCleanup(() => w.close());
  return { lines };
}

/** Runs as a dead worker left them (heartbeat an hour old), a live one beside them and finished ones. */
async function seedRuns(t: TestApi) {
  const ago = (ms: number) => new Date(Date.now() - ms);
  const create = (data: { kind: "DATABASE_BACKUP" | "SESSION_PURGE" | "INPUT_RETENTION"; startedAt: Date; heartbeatAt?: Date | null; finishedAt?: Date; error?: string }) => t.prisma.maintenanceRun.create({ data });
  return {
    dead: await create({ kind: "DATABASE_BACKUP", startedAt: ago(70 * MINUTE), heartbeatAt: ago(60 * MINUTE) }),
    // Started before heartbeats were recorded (an older version), three days ago.
    deadOld: await create({ kind: "INPUT_RETENTION", startedAt: ago(3 * 24 * 60 * MINUTE), heartbeatAt: null }),
    // Started long ago, heard of a few seconds ago: a long run of a live worker elsewhere.
    live: await create({ kind: "SESSION_PURGE", startedAt: ago(70 * MINUTE), heartbeatAt: ago(5_000) }),
    done: await create({ kind: "SESSION_PURGE", startedAt: ago(70 * MINUTE), heartbeatAt: ago(69 * MINUTE), finishedAt: ago(69 * MINUTE) }),
    failed: await create({ kind: "DATABASE_BACKUP", startedAt: ago(70 * MINUTE), heartbeatAt: ago(69 * MINUTE), finishedAt: ago(69 * MINUTE), error: "ENOSPC" }),
  };
}

async function listed(t: TestApi, token: string): Promise<Map<number, Run>> {
  const r = await t.gql(RUNS, {}, { token });
  expect(r.errors).toBeUndefined();
  const edges = (r.data!.maintenanceRuns as { edges: { node: Run }[] }).edges;
  return new Map(edges.map((e) => [Number(e.node.id), e.node]));
}

describe("maintenance runs whose worker died", () => {
  it("a worker starting closes at once the runs a dead worker left unfinished, as failed at their last heartbeat (their start for older rows), listed so by maintenanceRuns, and leaves live and finished runs alone", async () => {
    const { t, token } = await quietApi();
    const runs = await seedRuns(t);
    const before = await t.prisma.maintenanceRun.findMany({ where: { id: { in: [runs.live.id, runs.done.id, runs.failed.id] } }, orderBy: { id: "asc" } });

    const { lines } = await worker(t);

    const page = await listed(t, token);
    expect(page.get(runs.dead.id)).toMatchObject({ finishedAt: runs.dead.heartbeatAt!.toISOString(), error: abandoned(runs.dead.heartbeatAt!), durationMs: null });
    expect(page.get(runs.deadOld.id)).toMatchObject({ finishedAt: runs.deadOld.startedAt.toISOString(), error: abandoned(runs.deadOld.startedAt) });
    expect(await t.prisma.maintenanceRun.findMany({ where: { id: { in: [runs.live.id, runs.done.id, runs.failed.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(page.get(runs.live.id)).toMatchObject({ finishedAt: null, error: null });
    const warned = lines.filter((l) => l.message === "maintenance run abandoned by its process; closed as failed");
    expect(warned.map((l) => ({ runId: l.runId, kind: l.kind, during: l.during }))).toEqual([
      { runId: runs.deadOld.id, kind: "INPUT_RETENTION", during: "worker start" },
      { runId: runs.dead.id, kind: "DATABASE_BACKUP", during: "worker start" },
    ]);
  });

  it("a maintenance job closes the runs a worker that died after this one started left unfinished, before doing its own work, and leaves live and finished runs alone", async () => {
    const { t, token } = await quietApi();
    const config = t.api.services.config;
    const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: redisOptions(config.redisUrl, true), prefix: config.queuePrefix });
    onCleanup(() => events.close());
    await events.waitUntilReady();
    const { lines } = await worker(t);
    // Left by another worker, killed after this one started.
    const runs = await seedRuns(t);
    const before = await t.prisma.maintenanceRun.findMany({ where: { id: { in: [runs.live.id, runs.done.id, runs.failed.id] } }, orderBy: { id: "asc" } });

    const job = await t.api.services.queues.maintenance.add("upload-expiry", {});
    await job.waitUntilFinished(events, 30_000);

    const page = await listed(t, token);
    expect(page.get(runs.dead.id)).toMatchObject({ finishedAt: runs.dead.heartbeatAt!.toISOString(), error: abandoned(runs.dead.heartbeatAt!) });
    expect(page.get(runs.deadOld.id)).toMatchObject({ finishedAt: runs.deadOld.startedAt.toISOString(), error: abandoned(runs.deadOld.startedAt) });
    expect(await t.prisma.maintenanceRun.findMany({ where: { id: { in: [runs.live.id, runs.done.id, runs.failed.id] } }, orderBy: { id: "asc" } })).toEqual(before);
    // The job's own run, recorded after the sweep, finished as usual.
    const own = [...page.values()].find((r) => r.kind === "UPLOAD_EXPIRY");
    expect(own).toMatchObject({ error: null });
    expect(own!.finishedAt).not.toBeNull();
    expect(lines.filter((l) => l.message === "maintenance run abandoned by its process; closed as failed").map((l) => [l.runId, l.during])).toEqual([
      [runs.deadOld.id, "upload-expiry"],
      [runs.dead.id, "upload-expiry"],
    ]);
  });
});
