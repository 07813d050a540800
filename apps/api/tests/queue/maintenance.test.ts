import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listBackups, verifyBackup } from "@gma/db";
import { QueueEvents } from "bullmq";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/env";
import { silentLogger } from "../../src/logger";
import { AnalysisFiles } from "../../src/modules/analyses/analysis-files";
import { expireAnalysisInputs } from "../../src/modules/analyses/expire-analysis-inputs";
import { MAINTENANCE_QUEUE } from "../../src/queue/queues";
import { redisOptions } from "../../src/redis-connection";
import { startWorker } from "../../src/worker";
import { useTestApis, type GqlResult, type TestApi } from "../helpers/test-api";

const DAY = 86_400_000;
const testApis = useTestApis();
const { onCleanup } = testApis;

/** A test API and an admin's token. */
async function api(env: Record<string, string> = {}) {
  const t = await testApis.api(env);
  return { t, token: await t.login(t.users.ADMIN.email) };
}

async function worker(t: TestApi) {
  const w = await startWorker(t.api.services.config, { prisma: t.prisma, logger: silentLogger });
  onCleanup(() => w.close());
  return w;
}

/** Events of the maintenance queue, ready before any job is added (waitUntilFinished needs them). */
async function queueEvents(t: TestApi) {
  const config = t.api.services.config;
  const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: redisOptions(config.redisUrl, true), prefix: config.queuePrefix });
  onCleanup(() => events.close());
  await events.waitUntilReady();
  return events;
}

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "gma-inputs-"));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function expectCode(r: GqlResult, code: string, message?: RegExp) {
  expect(r.errors?.[0]?.extensions.code).toBe(code);
  if (message) expect(r.errors?.[0]?.message).toMatch(message);
}

/** Sessions that expired a day ago (what a purge deletes), and one that is still live. */
async function insertSessions(t: TestApi, expired: number) {
  const past = new Date(Date.now() - DAY);
  const future = new Date(Date.now() + DAY);
  const row = (at: Date) => ({ tokenHash: randomBytes(32).toString("hex"), userId: t.users.CLINICIAN.id, createdAt: past, expiresAt: at, absoluteExpiresAt: at, lastSeenAt: past });
  await t.prisma.session.createMany({ data: [...Array.from({ length: expired }, () => row(past)), row(future)] });
}

/** An analysis row of a fresh patient, with the given status and times. */
async function analysis(t: TestApi, data: { status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED"; createdAt: Date; finishedAt: Date | null }) {
  const patient = await t.prisma.patient.create({ data: { code: `M${randomBytes(4).toString("hex")}`, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
  const row = await t.prisma.analysis.create({
    data: { patientId: patient.id, requestedById: t.users.CLINICIAN.id, videoFingerprint: randomBytes(32).toString("hex"), paramsHash: "p", ageWeeks: 12, ...data },
  });
  return row.id;
}

/** Writes a file whose modification time is `ageMs` ago. */
function fileAged(file: string, ageMs: number) {
  writeFileSync(file, "bytes");
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return file;
}

const RUNS = `query($kind: String, $first: Int!, $after: String) {
  maintenanceRuns(kind: $kind, first: $first, after: $after) {
    edges { cursor node { id kind rowsAffected batches durationMs finishedAt error bytes output } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Runs = {
  edges: { cursor: string; node: { id: string; kind: string; rowsAffected: number; batches: number; durationMs: number | null; finishedAt: string | null; error: string | null; bytes: number | null; output: string | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const SCHEDULES = `{ maintenanceSchedules { kind everyMinutes cron nextRunAt } }`;
type Schedule = { kind: string; everyMinutes: number | null; cron: string | null; nextRunAt: string | null };
const SET_SCHEDULE = `mutation($kind: MaintenanceJob!, $every: Float, $cron: String) {
  setMaintenanceSchedule(kind: $kind, everyMinutes: $every, cron: $cron) { kind everyMinutes cron nextRunAt }
}`;

describe("session cleanup and the run history", () => {
  it("runSessionCleanup deletes the expired sessions only, and the run is listed under SESSION_PURGE with its rows, batches and duration", async () => {
    const { t, token } = await api();
    await insertSessions(t, 7);
    // Another kind of run, which the SESSION_PURGE filter must leave out.
    await t.prisma.maintenanceRun.create({ data: { kind: "ANALYSIS_ARCHIVE", startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(), rowsAffected: 3, batches: 1, durationMs: 5 } });

    const r = await t.gql(`mutation { runSessionCleanup(batchSize: 3) { rows batches durationMs vacuumed } }`, {}, { token });
    expect(r.errors).toBeUndefined();
    expect(r.data!.runSessionCleanup).toMatchObject({ rows: 7, batches: 3, vacuumed: false });
    expect(await t.prisma.session.count({ where: { expiresAt: { lt: new Date() } } })).toBe(0);
    // The live session and the admin's own login remain.
    expect(await t.prisma.session.count()).toBe(2);

    const purges = (await t.gql(RUNS, { kind: "SESSION_PURGE", first: 10 }, { token })).data!.maintenanceRuns as Runs;
    expect(purges.edges).toHaveLength(1);
    expect(purges.edges[0]!.node).toMatchObject({ kind: "SESSION_PURGE", rowsAffected: 7, batches: 3, error: null });
    expect(purges.edges[0]!.node.durationMs).toBeGreaterThanOrEqual(0);
    expect(purges.edges[0]!.node.finishedAt).not.toBeNull();

    const all = (await t.gql(RUNS, { first: 10 }, { token })).data!.maintenanceRuns as Runs;
    expect(all.edges.map((e) => e.node.kind).sort()).toEqual(["ANALYSIS_ARCHIVE", "SESSION_PURGE"]);
  });

  it("maintenanceRuns pages newest first with first and after until hasNextPage is false", async () => {
    const { t, token } = await api();
    for (let i = 0; i < 3; i++) expect((await t.gql(`mutation { runSessionCleanup { rows } }`, {}, { token })).errors).toBeUndefined();

    const seen: string[] = [];
    let after: string | null = null;
    const pages: boolean[] = [];
    do {
      const r = await t.gql(RUNS, { first: 2, after }, { token });
      expect(r.errors).toBeUndefined();
      const page = r.data!.maintenanceRuns as Runs;
      seen.push(...page.edges.map((e) => e.node.id));
      pages.push(page.pageInfo.hasNextPage);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual([true, false]);
    const ids = (await t.prisma.maintenanceRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], select: { id: true } })).map((r) => String(r.id));
    expect(seen).toEqual(ids);
    expect(ids).toHaveLength(3);
  });

  it("maintenanceRuns answers BAD_USER_INPUT naming the kinds for an unknown kind, and for a malformed cursor", async () => {
    const { t, token } = await api();
    expectCode(await t.gql(RUNS, { kind: "VIDEO_PURGE", first: 5 }, { token }), "BAD_USER_INPUT", /SESSION_PURGE, ANALYSIS_ARCHIVE, UPLOAD_EXPIRY, INPUT_RETENTION/);
    expectCode(await t.gql(RUNS, { kind: "session-purge", first: 5 }, { token }), "BAD_USER_INPUT", /SESSION_PURGE/);
    expectCode(await t.gql(RUNS, { first: 5, after: "not a cursor!" }, { token }), "BAD_USER_INPUT", /cursor/);
    expectCode(await t.gql(RUNS, { first: 5, after: Buffer.from(JSON.stringify([1, "x"])).toString("base64url") }, { token }), "BAD_USER_INPUT", /cursor/);
  });

  it("maintenanceRuns accepts every recorded kind, those of upload expiry and input retention too", async () => {
    const { t, token } = await api();
    for (const kind of ["SESSION_PURGE", "ANALYSIS_ARCHIVE", "UPLOAD_EXPIRY", "INPUT_RETENTION", "DATABASE_BACKUP"]) {
      const r = await t.gql(RUNS, { kind, first: 5 }, { token });
      expect(r.errors, kind).toBeUndefined();
      expect((r.data!.maintenanceRuns as Runs).edges).toEqual([]);
    }
  });
});

describe("maintenance schedules", () => {
  it("setMaintenanceSchedule with everyMinutes or with cron is listed by maintenanceSchedules with its next run", async () => {
    const { t, token } = await api();
    const every = await t.gql(SET_SCHEDULE, { kind: "UPLOAD_EXPIRY", every: 45 }, { token });
    expect(every.errors).toBeUndefined();
    expect(every.data!.setMaintenanceSchedule).toMatchObject({ kind: "UPLOAD_EXPIRY", everyMinutes: 45, cron: null });
    const cron = await t.gql(SET_SCHEDULE, { kind: "INPUT_RETENTION", cron: "30 3 * * *" }, { token });
    expect(cron.errors).toBeUndefined();

    const list = (await t.gql(SCHEDULES, {}, { token })).data!.maintenanceSchedules as Schedule[];
    const byKind = new Map(list.map((s) => [s.kind, s]));
    expect(byKind.get("UPLOAD_EXPIRY")).toMatchObject({ everyMinutes: 45, cron: null });
    expect(byKind.get("INPUT_RETENTION")).toMatchObject({ everyMinutes: null, cron: "30 3 * * *" });
    for (const s of list) expect(Date.parse(s.nextRunAt!)).toBeGreaterThan(Date.now() - 60_000);
    const next = new Date(byKind.get("INPUT_RETENTION")!.nextRunAt!);
    expect([next.getMinutes(), next.getHours()]).toEqual([30, 3]);
  });

  it("setMaintenanceSchedule answers BAD_USER_INPUT for both or neither of everyMinutes and cron, and for an invalid cron, and keeps no scheduler", async () => {
    const { t, token } = await api();
    expectCode(await t.gql(SET_SCHEDULE, { kind: "SESSION_PURGE", every: 5, cron: "* * * * *" }, { token }), "BAD_USER_INPUT", /exactly one/);
    expectCode(await t.gql(SET_SCHEDULE, { kind: "SESSION_PURGE" }, { token }), "BAD_USER_INPUT", /exactly one/);
    expectCode(await t.gql(SET_SCHEDULE, { kind: "SESSION_PURGE", cron: "every tuesday" }, { token }), "BAD_USER_INPUT", /cron/);
    expect((await t.gql(SCHEDULES, {}, { token })).data!.maintenanceSchedules).toEqual([]);
  });

  it("a started worker registers the default schedulers, input retention daily and the database backup nightly at 02:00 among them", async () => {
    const { t, token } = await api();
    await worker(t);
    const list = (await t.gql(SCHEDULES, {}, { token })).data!.maintenanceSchedules as Schedule[];
    expect(list.map((s) => s.kind).sort()).toEqual(["ANALYSIS_ARCHIVE", "DATABASE_BACKUP", "INPUT_RETENTION", "SESSION_PURGE", "UPLOAD_EXPIRY"]);
    expect(list.find((s) => s.kind === "INPUT_RETENTION")).toMatchObject({ everyMinutes: 24 * 60, cron: null });
    const backup = list.find((s) => s.kind === "DATABASE_BACKUP")!;
    expect(backup).toMatchObject({ everyMinutes: null, cron: "0 2 * * *" });
    const next = new Date(backup.nextRunAt!);
    expect([next.getHours(), next.getMinutes()]).toEqual([2, 0]);
  });

  it("a worker with DATABASE_BACKUP_SCHEDULE=off registers no backup schedule, and one with a cron pattern registers that", async () => {
    const off = await api({ DATABASE_BACKUP_SCHEDULE: "off" });
    await worker(off.t);
    const offList = (await off.t.gql(SCHEDULES, {}, { token: off.token })).data!.maintenanceSchedules as Schedule[];
    expect(offList.map((s) => s.kind)).not.toContain("DATABASE_BACKUP");
    expect(offList).toHaveLength(4);

    const custom = await api({ DATABASE_BACKUP_SCHEDULE: "30 23 * * 0" });
    await worker(custom.t);
    const customList = (await custom.t.gql(SCHEDULES, {}, { token: custom.token })).data!.maintenanceSchedules as Schedule[];
    expect(customList.find((s) => s.kind === "DATABASE_BACKUP")).toMatchObject({ everyMinutes: null, cron: "30 23 * * 0" });
  });

  it("with DATABASE_BACKUP_SCHEDULE=off a worker removes the backup schedule an earlier start left, and the maintenance page may not set one", async () => {
    const off = await api({ DATABASE_BACKUP_SCHEDULE: "off" });
    const config = off.t.api.services.config;
    // An earlier start with the nightly default, on the same queues.
    const earlier = await startWorker({ ...config, backup: { ...config.backup, schedule: "0 2 * * *" } }, { prisma: off.t.prisma, logger: silentLogger });
    await earlier.close();
    const kinds = async () => ((await off.t.gql(SCHEDULES, {}, { token: off.token })).data!.maintenanceSchedules as Schedule[]).map((s) => s.kind);
    expect(await kinds()).toContain("DATABASE_BACKUP");
    await worker(off.t);
    expect(await kinds()).not.toContain("DATABASE_BACKUP");
    expect(await kinds()).toHaveLength(4);

    const refused = await off.t.gql(SET_SCHEDULE, { kind: "DATABASE_BACKUP", cron: "0 3 * * *" }, { token: off.token });
    expectCode(refused, "CONFLICT", /turned off on this server \(DATABASE_BACKUP_SCHEDULE=off\)/);
    expect(await kinds()).not.toContain("DATABASE_BACKUP");
    // The other jobs' schedules are the page's to change as ever.
    expect((await off.t.gql(SET_SCHEDULE, { kind: "SESSION_PURGE", every: 30 }, { token: off.token })).errors).toBeUndefined();
  });
});

describe("queue counts", () => {
  const STATS = `{ queueStats { name waiting active delayed scheduled completed failed } }`;
  type Stats = { name: string; waiting: number; active: number; delayed: number; scheduled: number; completed: number; failed: number };

  it("count the schedules' next runs as scheduled, not as delayed work, so that waiting, active and delayed add up to the work there is", async () => {
    const { t, token } = await api();
    // Work that waits for its time: delayed, whatever queue it is on.
    await t.api.services.queues.maintenance.add("session-purge", {}, { delay: 3_600_000 });
    await worker(t);
    const stats = async () => {
      const r = await t.gql(STATS, {}, { token });
      expect(r.errors).toBeUndefined();
      return Object.fromEntries((r.data!.queueStats as Stats[]).map(({ name, ...counts }) => [name, counts]));
    };
    // The worker's four interval schedulers run once at once, each leaving its next run to wait;
    // the database backup's cron waits for 02:00.
    const deadline = Date.now() + 30_000;
    let now = await stats();
    while (!(now.maintenance!.waiting === 0 && now.maintenance!.active === 0 && now.maintenance!.completed + now.maintenance!.failed >= 4)) {
      if (Date.now() > deadline) throw new Error(`the first maintenance runs did not finish: ${JSON.stringify(now)}`);
      await new Promise((r) => setTimeout(r, 100));
      now = await stats();
    }
    expect(now.maintenance).toMatchObject({ waiting: 0, active: 0, delayed: 1, scheduled: 5 });
    expect(now.analysis).toMatchObject({ waiting: 0, active: 0, delayed: 0, scheduled: 0 });
    // Every next run is there (one per scheduler): scheduled is those, not a guess.
    const next = (await t.api.services.queues.maintenance.getDelayed()).filter((j) => j.repeatJobKey);
    expect(next.map((j) => j.repeatJobKey).sort()).toEqual(["analysis-archive", "database-backup", "input-retention", "session-purge", "upload-expiry"]);
    const metrics = await t.api.services.performance.metricsText();
    expect(metrics.text).toMatch(/^gma_queue_scheduled_jobs\{queue="maintenance"\} 5$/m);
    expect(metrics.text).toMatch(/^gma_queue_delayed_jobs\{queue="maintenance"\} 1$/m);
  });
});

describe("input retention", () => {
  it("expireAnalysisInputs removes inputs past retention and orphans past the grace, and keeps running, recent and fresh ones and the replay files", async () => {
    const { t } = await api();
    const files = new AnalysisFiles(tempDir());
    const now = Date.now();
    const old = new Date(now - 10 * DAY);
    const ids = {
      oldFinished: await analysis(t, { status: "SUCCEEDED", createdAt: old, finishedAt: old }),
      oldCancelledNoFinish: await analysis(t, { status: "CANCELLED", createdAt: old, finishedAt: null }),
      recentFinished: await analysis(t, { status: "FAILED", createdAt: old, finishedAt: new Date(now - 2 * DAY) }),
      oldRunning: await analysis(t, { status: "RUNNING", createdAt: old, finishedAt: null }),
      oldQueued: await analysis(t, { status: "QUEUED", createdAt: old, finishedAt: null }),
    };
    for (const id of Object.values(ids)) {
      fileAged(files.inputPath(id), 10 * DAY);
      fileAged(files.keypointsPath(id), 10 * DAY);
    }
    const orphanOld = fileAged(files.inputPath("gone-old"), 10 * DAY);
    const orphanFresh = fileAged(files.inputPath("gone-fresh"), 30 * 60_000);
    const orphanReplay = fileAged(files.keypointsPath("gone-old"), 10 * DAY);

    // A batch of 2 makes the seven inputs take four queries.
    const result = await expireAnalysisInputs(t.prisma, files, { retentionDays: 7, batchSize: 2 });

    expect(result).toEqual({ removed: 3, kept: 4, batches: 4 });
    expect(existsSync(files.inputPath(ids.oldFinished))).toBe(false);
    expect(existsSync(files.inputPath(ids.oldCancelledNoFinish))).toBe(false);
    expect(existsSync(orphanOld)).toBe(false);
    for (const id of [ids.recentFinished, ids.oldRunning, ids.oldQueued]) expect(existsSync(files.inputPath(id))).toBe(true);
    expect(existsSync(orphanFresh)).toBe(true);
    for (const id of Object.values(ids)) expect(existsSync(files.keypointsPath(id))).toBe(true);
    expect(existsSync(orphanReplay)).toBe(true);
  });

  it("expireAnalysisInputs with retention 0 keeps an orphan for its first hour, and a missing folder is nothing to do", async () => {
    const { t } = await api();
    const files = new AnalysisFiles(tempDir());
    const finished = await analysis(t, { status: "SUCCEEDED", createdAt: new Date(), finishedAt: new Date(Date.now() - 1000) });
    fileAged(files.inputPath(finished), 0);
    fileAged(files.inputPath("orphan-recent"), 50 * 60_000);
    fileAged(files.inputPath("orphan-past-grace"), 70 * 60_000);

    expect(await expireAnalysisInputs(t.prisma, files, { retentionDays: 0 })).toEqual({ removed: 2, kept: 1, batches: 1 });
    expect(existsSync(files.inputPath("orphan-recent"))).toBe(true);
    expect(await expireAnalysisInputs(t.prisma, new AnalysisFiles(path.join(files.dir, "missing")), { retentionDays: 7 })).toEqual({ removed: 0, kept: 0, batches: 0 });
  });

  it("expireAnalysisInputs reports its tally after each query and each input removed or kept, the last report being its result", async () => {
    const { t } = await api();
    const files = new AnalysisFiles(tempDir());
    for (const id of ["gone-1", "gone-2", "gone-3"]) fileAged(files.inputPath(id), 10 * DAY);
    fileAged(files.inputPath("gone-fresh"), 30 * 60_000);
    const reports: { removed: number; kept: number; batches: number }[] = [];

    const result = await expireAnalysisInputs(t.prisma, files, { retentionDays: 7, batchSize: 2, onProgress: (soFar) => reports.push(soFar) });

    expect(result).toEqual({ removed: 3, kept: 1, batches: 2 });
    // One report per query and per input, each a copy that later counting leaves alone.
    expect(reports).toHaveLength(result.batches + result.removed + result.kept);
    expect(reports.at(-1)).toEqual(result);
    expect(reports.at(-1)).not.toBe(result);
    expect(reports[0]).toEqual({ removed: 0, kept: 0, batches: 1 });
  });

  it("upload-expiry and input-retention jobs run by the worker are each listed by maintenanceRuns under their kind, with the files removed, batches and duration", async () => {
    const { t, token } = await api({ VIDEO_RETENTION_DAYS: "7" });
    const config = t.api.services.config;
    // Yearly crons, set before the worker starts, keep its default schedulers from running these
    // jobs at once: the runs below are then the only ones of their kinds.
    for (const kind of ["UPLOAD_EXPIRY", "INPUT_RETENTION"]) expect((await t.gql(SET_SCHEDULE, { kind, cron: "0 0 1 1 *" }, { token })).errors).toBeUndefined();
    const files = AnalysisFiles.inDataDir(config.dataDir);
    mkdirSync(files.dir, { recursive: true });
    const expired = await analysis(t, { status: "SUCCEEDED", createdAt: new Date(Date.now() - 9 * DAY), finishedAt: new Date(Date.now() - 8 * DAY) });
    const retained = await analysis(t, { status: "SUCCEEDED", createdAt: new Date(Date.now() - 9 * DAY), finishedAt: new Date(Date.now() - 6 * DAY) });
    fileAged(files.inputPath(expired), 9 * DAY);
    fileAged(files.inputPath(retained), 9 * DAY);
    // Uploads never analysed: two past the 60-minute TTL (and unregistered), one still fresh.
    mkdirSync(config.uploadDir, { recursive: true });
    const upload = () => path.join(config.uploadDir, `${randomBytes(16).toString("hex")}.upload`);
    const staleUploads = [fileAged(upload(), 2 * 3_600_000), fileAged(upload(), 2 * 3_600_000)];
    const freshUpload = fileAged(upload(), 60_000);

    const events = await queueEvents(t);
    await worker(t);
    const uploadJob = await t.api.services.queues.maintenance.add("upload-expiry", {});
    expect(await uploadJob.waitUntilFinished(events, 30_000)).toMatchObject({ removed: 2 });
    const inputJob = await t.api.services.queues.maintenance.add("input-retention", {});
    expect(await inputJob.waitUntilFinished(events, 30_000)).toMatchObject({ removed: 1, kept: 1, batches: 1 });

    expect(existsSync(files.inputPath(expired))).toBe(false);
    expect(existsSync(files.inputPath(retained))).toBe(true);
    for (const file of staleUploads) expect(existsSync(file)).toBe(false);
    expect(existsSync(freshUpload)).toBe(true);

    for (const [kind, rowsAffected, batches] of [
      ["UPLOAD_EXPIRY", 2, 0],
      ["INPUT_RETENTION", 1, 1],
    ] as const) {
      const r = await t.gql(RUNS, { kind, first: 10 }, { token });
      expect(r.errors).toBeUndefined();
      const runs = r.data!.maintenanceRuns as Runs;
      expect(runs.edges, kind).toHaveLength(1);
      expect(runs.edges[0]!.node).toMatchObject({ kind, rowsAffected, batches, error: null });
      expect(runs.edges[0]!.node.durationMs).toBeGreaterThanOrEqual(0);
      expect(runs.edges[0]!.node.finishedAt).not.toBeNull();
    }
  });

  it.each([
    { job: "input-retention", kind: "INPUT_RETENTION", folder: (dataDir: string, _uploads: string) => AnalysisFiles.inDataDir(dataDir).dir },
    { job: "upload-expiry", kind: "UPLOAD_EXPIRY", folder: (_dataDir: string, uploads: string) => uploads },
  ])("a $job job that fails is recorded as a finished run with its error, and the job fails", async ({ job: name, kind, folder }) => {
    const { t, token } = await api({ VIDEO_RETENTION_DAYS: "7" });
    expect((await t.gql(SET_SCHEDULE, { kind, cron: "0 0 1 1 *" }, { token })).errors).toBeUndefined();
    // A file where the job's folder should be: reading it fails with ENOTDIR.
    const dir = folder(t.api.services.config.dataDir, t.api.services.config.uploadDir);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
    writeFileSync(dir, "not a folder");

    const events = await queueEvents(t);
    await worker(t);
    // One attempt: the retry of a failed maintenance job waits a minute.
    const job = await t.api.services.queues.maintenance.add(name, {}, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/ENOTDIR/);
    expect(await job.getState()).toBe("failed");

    const runs = (await t.gql(RUNS, { kind, first: 10 }, { token })).data!.maintenanceRuns as Runs;
    expect(runs.edges).toHaveLength(1);
    expect(runs.edges[0]!.node).toMatchObject({ kind, rowsAffected: 0, batches: 0 });
    expect(runs.edges[0]!.node.error).toMatch(/ENOTDIR/);
    expect(runs.edges[0]!.node.finishedAt).not.toBeNull();
    expect(runs.edges[0]!.node.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("database backup", () => {
  const BACKUP = `mutation { runDatabaseBackup { runId file bytes takenAt durationMs deleted } }`;
  type Backup = { runId: string; file: string; bytes: number; takenAt: string; durationMs: number; deleted: number };

  it("backs up under the data directory by default, keeping 14, and refuses bad settings naming the variable", () => {
    const config = parseConfig({ GMA_DATA_DIR: "/srv/gma" });
    expect(config.backup).toEqual({ dir: "/srv/gma/backups", keep: 14, schedule: "0 2 * * *" });
    expect(parseConfig({ GMA_DATA_DIR: "/srv/gma", DATABASE_BACKUP_DIR: "/mnt/nas/gma", DATABASE_BACKUP_KEEP: "30", DATABASE_BACKUP_SCHEDULE: " 15  1 * * * " }).backup).toEqual({
      dir: "/mnt/nas/gma",
      keep: 30,
      schedule: "15 1 * * *",
    });
    expect(parseConfig({ DATABASE_BACKUP_SCHEDULE: "OFF" }).backup.schedule).toBeNull();
    for (const [name, value] of [
      ["DATABASE_BACKUP_KEEP", "0"],
      ["DATABASE_BACKUP_KEEP", "ten"],
      ["DATABASE_BACKUP_SCHEDULE", "daily"],
      ["DATABASE_BACKUP_SCHEDULE", "0 2 * *"],
    ] as const) {
      expect(() => parseConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it("the database-backup job run by the worker writes a verified backup under the data directory, listed by maintenanceRuns under DATABASE_BACKUP with its size, file and duration", async () => {
    const { t, token } = await api({ DATABASE_BACKUP_KEEP: "1" });
    const config = t.api.services.config;
    const events = await queueEvents(t);
    await worker(t);

    const first = await t.api.services.queues.maintenance.add("database-backup", {});
    const firstResult = (await first.waitUntilFinished(events, 30_000)) as { file: string; bytes: number; deleted: number };
    const second = await t.api.services.queues.maintenance.add("database-backup", {});
    const result = (await second.waitUntilFinished(events, 30_000)) as { runId: number; file: string; bytes: number; deleted: number };

    // DATABASE_BACKUP_KEEP=1: the second backup replaced the first once it verified.
    expect(result.deleted).toBe(1);
    expect(readdirSync(config.backup.dir)).toEqual([result.file]);
    expect(config.backup.dir).toBe(path.join(config.dataDir, "backups"));
    const file = path.join(config.backup.dir, result.file);
    const verified = await verifyBackup(file);
    expect(verified.rowCounts.users).toBe(4);
    expect(result.bytes).toBe(statSync(file).size);

    const runs = (await t.gql(RUNS, { kind: "DATABASE_BACKUP", first: 10 }, { token })).data!.maintenanceRuns as Runs;
    expect(runs.edges.map((e) => e.node)).toMatchObject([
      { kind: "DATABASE_BACKUP", output: result.file, bytes: result.bytes, rowsAffected: 1, batches: 1, error: null },
      { kind: "DATABASE_BACKUP", output: firstResult.file, bytes: firstResult.bytes, rowsAffected: 0, batches: 1, error: null },
    ]);
    for (const { node } of runs.edges) {
      expect(node.durationMs).toBeGreaterThan(0);
      expect(node.finishedAt).not.toBeNull();
    }
  });

  it("databaseBackupStatus gives no backup before the first, then the newest successful one, the schedule with its period once a worker registered it, the retention and the folder", async () => {
    const STATUS = `{ databaseBackupStatus { lastSuccess { runId file bytes finishedAt error } lastFailure { runId error } schedule { kind cron periodMinutes nextRunAt } keep directory } }`;
    const { t, token } = await api({ DATABASE_BACKUP_KEEP: "7" });
    const config = t.api.services.config;
    const status = async () => ((await t.gql(STATUS, {}, { token })).data!.databaseBackupStatus as Record<string, unknown>);

    // Nothing yet: no backup, and no worker has registered the nightly schedule.
    expect(await status()).toEqual({ lastSuccess: null, lastFailure: null, schedule: null, keep: 7, directory: config.backup.dir });

    await worker(t);
    const made = (await t.gql(BACKUP, {}, { token })).data!.runDatabaseBackup as Backup;
    const now = await status();
    expect(now.lastSuccess).toMatchObject({ runId: made.runId, file: made.file, bytes: made.bytes, error: null });
    expect(now.lastFailure).toBeNull();
    expect(now.schedule).toMatchObject({ kind: "DATABASE_BACKUP", cron: "0 2 * * *", periodMinutes: 24 * 60 });
  });

  it("runDatabaseBackup backs up now and the run is listed; a folder it cannot write answers BACKUP_FAILED, is recorded with its error, and leaves the earlier backup alone", async () => {
    const { t, token } = await api();
    const r = await t.gql(BACKUP, {}, { token });
    expect(r.errors).toBeUndefined();
    const made = r.data!.runDatabaseBackup as Backup;
    const dir = t.api.services.config.backup.dir;
    expect(listBackups(dir, t.api.services.config.databaseFile).map((b) => path.basename(b.file))).toEqual([made.file]);
    expect(made).toMatchObject({ deleted: 0, bytes: statSync(path.join(dir, made.file)).size });
    expect(Date.parse(made.takenAt)).toBeGreaterThan(Date.now() - 60_000);
    const runs = (await t.gql(RUNS, { kind: "DATABASE_BACKUP", first: 10 }, { token })).data!.maintenanceRuns as Runs;
    expect(runs.edges.map((e) => e.node)).toMatchObject([{ id: made.runId, output: made.file, bytes: made.bytes, error: null }]);

    // A file where the backup folder's parent should be: the folder cannot be made (ENOTDIR), as
    // for root too, whom permissions do not stop.
    const blocked = await api({ DATABASE_BACKUP_DIR: "blocker/backups" });
    writeFileSync(path.join(blocked.t.api.services.config.dataDir, "blocker"), "not a folder");
    const failed = await blocked.t.gql(BACKUP, {}, { token: blocked.token });
    expectCode(failed, "BACKUP_FAILED", /DIR_UNWRITABLE/);
    expect(failed.errors![0]!.extensions.hint).toMatch(/DATABASE_BACKUP_DIR/);
    const failedRuns = (await blocked.t.gql(RUNS, { kind: "DATABASE_BACKUP", first: 10 }, { token: blocked.token })).data!.maintenanceRuns as Runs;
    expect(failedRuns.edges).toHaveLength(1);
    expect(failedRuns.edges[0]!.node).toMatchObject({ bytes: null, output: null });
    expect(failedRuns.edges[0]!.node.error).toMatch(/BACKUP_FAILED|DIR_UNWRITABLE/);
    expect(failedRuns.edges[0]!.node.finishedAt).not.toBeNull();
    expect(existsSync(path.join(dir, made.file))).toBe(true);
  });
});
