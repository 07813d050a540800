import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isGmaError } from "@gma/core";
import type { PrismaClient } from "@gma/db";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { redisOptions } from "../../src/redis-connection";
import { AnalysisService } from "../../src/modules/analyses/analysis.service";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { jobOnceIn } from "../helpers/job-once-in";
import { freePort, startPrivateRedis, stopPrivateRedis } from "../helpers/private-redis";
import { startReplyLosingProxy } from "../helpers/reply-losing-proxy";
import { silentLogger } from "../../src/logger";
import { startWorker } from "../../src/worker";
import type { TestApi } from "../helpers/test-api";

const harness = useAnalysisHarness();
const { api, worker, queueKeypoints, onCleanup } = harness;

const STATUS = `query($id: ID!) { analysis(id: $id) { status stage errorCode errorMessage } }`;
type Status = { status: string; stage: string; errorCode: string | null; errorMessage: string | null };

/** Polls the analysis through GraphQL until it is no longer queued or running. */
async function settled(t: TestApi, id: string, token: string, timeoutMs = 30_000): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let last: Status | undefined;
  while (Date.now() < deadline) {
    last = (await t.gql(STATUS, { id }, { token })).data?.analysis as Status | undefined;
    if (last && last.status !== "QUEUED" && last.status !== "RUNNING") return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`analysis ${id} is still ${JSON.stringify(last)}`);
}

describe("analyses that cannot finish", () => {
  it("fail at once with INPUT_MISSING, naming no server path, when the input vanished before a worker took the job", async () => {
    const t = await api({ ANALYSIS_ATTEMPTS: "3", ANALYSIS_BACKOFF_MS: "200" });
    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await queueKeypoints(t, token, "GONE");
    const { filePath } = (await t.api.services.queues.analysis.getJob(id))!.data;
    rmSync(filePath);
    await worker(t);
    const last = await settled(t, id, token);
    expect(last).toMatchObject({ status: "FAILED", stage: "failed", errorCode: "INPUT_MISSING" });
    expect(last.errorMessage).toMatch(/Upload it again/);
    expect(last.errorMessage).not.toContain(t.api.services.config.dataDir);
    expect((await jobOnceIn(t, id, "failed")).attemptsMade).toBe(1);
  }, 60_000);

  it("whose row is deleted while a worker runs them end as done, not failed, when their input is gone too (the API took the request back and put the upload back)", async () => {
    const t = await api({ ANALYSIS_ATTEMPTS: "1" });
    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await queueKeypoints(t, token, "TAKEN_BACK");
    const { filePath } = (await t.api.services.queues.analysis.getJob(id))!.data;
    // What the API does when it cannot confirm the job's add while a worker already has it: the
    // row goes, and the input goes back to the upload, right after the worker marked it RUNNING.
    const racing = t.prisma.$extends({
      query: {
        analysis: {
          async updateMany({ args, query }) {
            const result = await query(args);
            if (args.data.status === "RUNNING") {
              await t.prisma.analysis.delete({ where: { id } });
              rmSync(filePath);
            }
            return result;
          },
        },
      },
    }) as unknown as PrismaClient;
    const w = await startWorker(t.api.services.config, { prisma: racing, logger: silentLogger });
    onCleanup(() => w.close());
    expect((await jobOnceIn(t, id, "completed")).returnvalue).toEqual({ status: "DELETED" });
    expect(await t.api.services.queues.analysis.getJobCounts("failed", "waiting", "active", "delayed")).toEqual({ failed: 0, waiting: 0, active: 0, delayed: 0 });
    expect(await t.prisma.analysis.count({ where: { id } })).toBe(0);
  }, 60_000);

  it("end FAILED with ANALYSIS_ABANDONED, their input removed, when the queue gives the job up after its workers stopped, instead of staying RUNNING", async () => {
    const t = await api({ WORKER_LOCK_MS: "1000", WORKER_STALLED_CHECK_MS: "500" });
    const token = await t.login(t.users.CLINICIAN.email);
    const { id } = await queueKeypoints(t, token, "STALL");
    const { filePath } = (await t.api.services.queues.analysis.getJob(id))!.data;
    const config = t.api.services.config;
    // A worker that takes the job and then never renews its lock nor finishes it: what a worker
    // killed mid-analysis leaves behind. It takes the job twice, once more than BullMQ's stall
    // limit (1) allows, so the next worker to take it fails it without running the processor.
    const dying = new Worker("analysis", null, { connection: redisOptions(config.redisUrl, true), prefix: config.queuePrefix, lockDuration: 1000, stalledInterval: 200, autorun: false });
    onCleanup(() => dying.close());
    const checkStalled = () => (dying as unknown as { moveStalledJobsToWait(): Promise<void> }).moveStalledJobsToWait();
    for (let i = 0; i < 2; i++) {
      expect((await dying.getNextJob(`dying-${i}`))?.id).toBe(id);
      // As the processor would have before the crash.
      await t.prisma.analysis.update({ where: { id }, data: { status: "RUNNING", stage: "skeleton", progress: 40 } });
      await new Promise((r) => setTimeout(r, 1300));
      // The first check marks the active job as possibly stalled, the second moves it back to wait.
      await checkStalled();
      await new Promise((r) => setTimeout(r, 300));
      await checkStalled();
      expect(await t.api.services.queues.analysis.getJobState(id)).toBe("waiting");
    }
    await worker(t);
    const last = await settled(t, id, token);
    expect(last).toMatchObject({ status: "FAILED", stage: "failed", errorCode: "ANALYSIS_ABANDONED" });
    expect(last.errorMessage).toMatch(/Start the analysis again/);
    expect((await jobOnceIn(t, id, "failed")).failedReason).toMatch(/stalled/);
    // VIDEO_RETENTION_DAYS=0 (the default): a failed analysis keeps no input.
    expect(existsSync(filePath)).toBe(false);
  }, 60_000);

  it("cancelled before a worker took them keep no input with VIDEO_RETENTION_DAYS=0, and keep it for retention otherwise", async () => {
    const CANCEL = `mutation($id: ID!) { cancelAnalysis(id: $id) { status stage } }`;
    for (const [days, kept] of [["0", false], ["7", true]] as const) {
      const t = await api({ VIDEO_RETENTION_DAYS: days });
      const token = await t.login(t.users.CLINICIAN.email);
      // No worker: the job is still waiting when it is cancelled.
      const { id } = await queueKeypoints(t, token, `CANCEL${days}`);
      const { filePath } = (await t.api.services.queues.analysis.getJob(id))!.data;
      const r = await t.gql(CANCEL, { id }, { token });
      expect(r.data?.cancelAnalysis, days).toEqual({ status: "CANCELLED", stage: "cancelled" });
      expect(await t.api.services.queues.analysis.getJob(id), days).toBeUndefined();
      expect(existsSync(filePath), `VIDEO_RETENTION_DAYS=${days}`).toBe(kept);
    }
  }, 60_000);

  it("stop once cancelled while they run: the job completes without a retry, and the input is removed at once with VIDEO_RETENTION_DAYS=0", async () => {
    const t = await api({ ANALYSIS_ATTEMPTS: "3", ANALYSIS_BACKOFF_MS: "200" });
    const token = await t.login(t.users.CLINICIAN.email);
    let runs = 0;
    // The pipeline is a stand-in: a long analysis that reports progress until it is stopped, as
    // the real one does between frames. This is about what the worker does when it is stopped.
    await worker(t, {
      checkReady: async () => {},
      run: async ({ signal }, onProgress) => {
        runs++;
        while (!signal.aborted) {
          await onProgress({ stage: "pose", percent: 20 });
          await new Promise((r) => setTimeout(r, 50));
        }
        throw signal.reason;
      },
    });
    const { id } = await queueKeypoints(t, token, "CANCELRUN");
    const { filePath } = (await t.api.services.queues.analysis.getJob(id))!.data;
    const deadline = Date.now() + 15_000;
    while ((await t.prisma.analysis.findUniqueOrThrow({ where: { id } })).stage !== "pose") {
      if (Date.now() > deadline) throw new Error("the analysis never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await t.gql(`mutation($id: ID!) { cancelAnalysis(id: $id) { status } }`, { id }, { token });
    expect(r.data?.cancelAnalysis).toEqual({ status: "CANCELLED" });
    const job = await jobOnceIn(t, id, "completed");
    expect(job.returnvalue).toEqual({ status: "CANCELLED" });
    expect(job.attemptsMade).toBe(1);
    expect(runs).toBe(1);
    expect(existsSync(filePath)).toBe(false);
    expect(existsSync(t.api.services.analysisFiles.keypointsPath(id))).toBe(false);
    expect(await t.prisma.analysis.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "CANCELLED", stage: "cancelled" });
  }, 60_000);

  it("are refused with NOT_FOUND, writing no row and leaving the upload usable, when the patient is deleted between the check and the insert", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const p = await harness.patient(t, "RACE");
    const uploadId = await harness.uploadKeypoints(t, token, "race");
    // The same service over the same database, with the patient deleted by another request just
    // before the analysis row is inserted (a race too narrow to hit through HTTP reliably).
    const racing = t.prisma.$extends({
      query: {
        analysis: {
          async create({ args, query }) {
            await t.prisma.patient.delete({ where: { id: p.id } });
            return query(args);
          },
        },
      },
    });
    const { queues, uploads, analysisFiles } = t.api.services;
    const service = new AnalysisService(racing as unknown as PrismaClient, queues, uploads, analysisFiles, () => undefined, 0);
    const viewer = { id: t.users.CLINICIAN.id, email: t.users.CLINICIAN.email, displayName: "Clinician", role: "CLINICIAN" as const, sessionId: 0 };
    const error = await service.analyze(viewer, "own", { uploadId, patientId: p.id, ageWeeks: 12 }, "keypoints").catch((e: unknown) => e);
    expect(isGmaError(error) && error.code).toBe("NOT_FOUND");
    expect((error as Error).message).toMatch(/deleted meanwhile/);
    expect(await t.prisma.analysis.count()).toBe(0);
    expect(await queues.analysis.getJobCounts()).toMatchObject({ waiting: 0, active: 0, delayed: 0 });
    // The upload is still the client's, for another patient.
    expect((await uploads.peek(uploadId, viewer)).kind).toBe("keypoints");
  }, 60_000);

  it("are refused with NOT_FOUND and reason UPLOAD_NOT_FOUND when the upload is unknown or already used, so that a client knows to upload again", async () => {
    const t = await api();
    const token = await t.login(t.users.CLINICIAN.email);
    const p = await harness.patient(t, "GONE");
    const uploadId = await harness.uploadKeypoints(t, token, "gone");
    const first = await t.gql(ANALYZE, { u: uploadId, p: p.id }, { token });
    expect(first.errors).toBeUndefined();
    for (const u of [uploadId, "0123456789abcdef0123456789abcdef"]) {
      const r = await t.gql(ANALYZE, { u, p: p.id }, { token });
      expect([r.errors?.[0]?.extensions.code, r.errors?.[0]?.extensions.reason]).toEqual(["NOT_FOUND", "UPLOAD_NOT_FOUND"]);
      expect(r.errors?.[0]?.extensions.hint).toMatch(/Upload the file again/);
    }
    // A patient that is not there is NOT_FOUND without that reason: uploading again would not mend it.
    const second = await harness.uploadKeypoints(t, token, "gone-again");
    const noPatient = await t.gql(ANALYZE, { u: second, p: "no-such-patient" }, { token });
    expect(noPatient.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(noPatient.errors?.[0]?.extensions.reason).toBeUndefined();
    expect(await t.prisma.analysis.count()).toBe(1);
  }, 60_000);
});

const ANALYZE = `mutation($u: String!, $p: ID!) { analyzeKeypoints(input: { uploadId: $u, patientId: $p, ageWeeks: 12 }) { id status } }`;

/**
 * A test API over a Redis of the test's own (at `port`, stopped after the test), a clinician's
 * token, a patient and a keypoints upload, ready to be analysed.
 */
async function apiWithUpload(port: number, persistence?: string[]) {
  const redis = { child: await startPrivateRedis(port, persistence) };
  onCleanup(() => stopPrivateRedis(redis.child));
  const t = await api({ REDIS_URL: `redis://127.0.0.1:${port}` });
  const token = await t.login(t.users.CLINICIAN.email);
  const p = await harness.patient(t, `NQ${port}`);
  const uploadId = await harness.uploadKeypoints(t, token, "nq");
  return { t, token, patientId: p.id, uploadId, redis };
}

/**
 * A test API whose Redis connections go through a proxy that can lose a reply (closed after the
 * API), a clinician's token, a patient and a keypoints upload, ready to be analysed.
 */
async function apiBehindProxy(code: string) {
  const proxy = await startReplyLosingProxy();
  onCleanup(() => proxy.close());
  const t = await api({ REDIS_URL: proxy.url });
  const token = await t.login(t.users.CLINICIAN.email);
  const p = await harness.patient(t, code);
  const uploadId = await harness.uploadKeypoints(t, token, code.toLowerCase());
  return { t, token, patientId: p.id, uploadId, proxy };
}

/** The job's data is the only place the analysis id appears in a command's bytes: its add. */
const JOB_ADD = /"analysisId":"([^"]+)"/;

/** Checks that a refused request left nothing behind and that the same request then queues the analysis. */
async function expectUploadKeptAndRetryQueues(t: TestApi, token: string, uploadId: string, patientId: string) {
  const inputs = t.api.services.analysisFiles.dir;
  expect(await t.prisma.analysis.count()).toBe(0);
  expect(existsSync(inputs) ? readdirSync(inputs) : []).toEqual([]);
  const kept = await t.gql(`query($u: String!) { upload(uploadId: $u) { uploadId kind } }`, { u: uploadId }, { token });
  expect(kept.data?.upload).toEqual({ uploadId, kind: "keypoints" });
  const again = await t.gql(ANALYZE, { u: uploadId, p: patientId }, { token });
  expect(again.errors).toBeUndefined();
  const { id, status } = again.data!.analyzeKeypoints as { id: string; status: string };
  expect(status).toBe("QUEUED");
  const job = await t.api.services.queues.analysis.getJob(id);
  expect(job?.data.filePath).toBe(t.api.services.analysisFiles.inputPath(id));
  expect(existsSync(job!.data.filePath)).toBe(true);
  // Now it is used: the registration went with the queued job.
  const used = await t.gql(`query($u: String!) { upload(uploadId: $u) { uploadId } }`, { u: uploadId }, { token });
  expect(used.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  expect(readdirSync(t.api.services.config.uploadDir)).toEqual([]);
}

describe("analyses the queue does not take", () => {
  it("are refused with SERVICE_UNAVAILABLE (ANALYSIS_NOT_QUEUED), leaving no row and the upload usable for the same request, when Redis refuses the job", async () => {
    const port = await freePort();
    const { t, token, patientId, uploadId } = await apiWithUpload(port);
    const admin = new Redis(port, "127.0.0.1");
    onCleanup(() => void admin.disconnect());
    // Redis over its memory limit refuses writes (the job) and still answers reads (the upload).
    await admin.config("SET", "maxmemory", "1");
    const refused = await t.gql(ANALYZE, { u: uploadId, p: patientId }, { token });
    const error = refused.errors?.[0];
    expect([error?.extensions.code, error?.extensions.reason]).toEqual(["SERVICE_UNAVAILABLE", "ANALYSIS_NOT_QUEUED"]);
    expect(error?.message).toMatch(/could not be queued/);
    expect(error?.extensions.hint).toContain(`Upload ${uploadId} is kept until`);
    expect(error?.extensions.hint).toMatch(/same request again/);
    await admin.config("SET", "maxmemory", "0");
    await expectUploadKeptAndRetryQueues(t, token, uploadId, patientId);
  }, 60_000);

  it("are refused the same way, leaving no row and the upload usable, when Redis goes away as the job is added", async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), "gma-redis-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    // Append-only, so that the upload's registration is there again when Redis comes back.
    const persistence = ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir];
    const { t, token, patientId, uploadId, redis } = await apiWithUpload(port, persistence);
    const { queues } = t.api.services;
    const add = queues.analysis.add.bind(queues.analysis);
    // Redis stops after the upload was looked up and its file moved, just before the job goes in.
    vi.spyOn(queues.analysis, "add").mockImplementationOnce(async (...args) => {
      await stopPrivateRedis(redis.child);
      return add(...args);
    });
    const refused = await t.gql(ANALYZE, { u: uploadId, p: patientId }, { token });
    const error = refused.errors?.[0];
    expect([error?.extensions.code, error?.extensions.reason]).toEqual(["SERVICE_UNAVAILABLE", "ANALYSIS_NOT_QUEUED"]);
    expect(error?.extensions.hint).toContain(`Upload ${uploadId} is kept until`);
    redis.child = await startPrivateRedis(port, persistence);
    await expectUploadKeptAndRetryQueues(t, token, uploadId, patientId);
  }, 60_000);

  it("are not refused when Redis ran the job's add and only its reply was lost: the request answers the queued analysis, and a worker finishes it", async () => {
    const { t, token, patientId, uploadId, proxy } = await apiBehindProxy("LOST");
    const { queues, analysisFiles, config } = t.api.services;
    const lost = proxy.loseReplyTo(JOB_ADD);
    // Redis is back as soon as the add has failed (its connection found Redis gone once): the
    // request can then learn that the job is there.
    let addError: unknown;
    const add = queues.analysis.add.bind(queues.analysis);
    vi.spyOn(queues.analysis, "add").mockImplementationOnce((...args) =>
      add(...args).catch(async (error: unknown) => {
        addError = error;
        await proxy.reopen();
        throw error;
      }),
    );
    const r = await t.gql(ANALYZE, { u: uploadId, p: patientId }, { token });
    expect(r.errors).toBeUndefined();
    const { id, status } = r.data!.analyzeKeypoints as { id: string; status: string };
    expect(await lost).toBe(id);
    expect((addError as Error | undefined)?.name).toBe("MaxRetriesPerRequestError");
    expect(status).toBe("QUEUED");
    expect(await t.prisma.analysis.findUniqueOrThrow({ where: { id } })).toMatchObject({ jobId: id, status: "QUEUED" });
    const job = await queues.analysis.getJob(id);
    expect(job?.data.filePath).toBe(analysisFiles.inputPath(id));
    expect(existsSync(analysisFiles.inputPath(id))).toBe(true);
    // The upload went with the queued job, as for any other.
    const used = await t.gql(`query($u: String!) { upload(uploadId: $u) { uploadId } }`, { u: uploadId }, { token });
    expect(used.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(readdirSync(config.uploadDir)).toEqual([]);
    await worker(t);
    expect(await settled(t, id, token, 60_000)).toMatchObject({ status: "SUCCEEDED", errorCode: null });
  }, 120_000);

  it("are refused as not queued when Redis ran the job's add but cannot be asked about it afterwards, and a worker ends that job, which has no row, as done without touching the kept upload", async () => {
    const { t, token, patientId, uploadId, proxy } = await apiBehindProxy("UNKNOWN");
    const { queues, analysisFiles, config } = t.api.services;
    const lost = proxy.loseReplyTo(JOB_ADD);
    // Redis stays unreachable past the request: it cannot tell whether the job is there.
    const refused = await t.gql(ANALYZE, { u: uploadId, p: patientId }, { token });
    const error = refused.errors?.[0];
    expect([error?.extensions.code, error?.extensions.reason]).toEqual(["SERVICE_UNAVAILABLE", "ANALYSIS_NOT_QUEUED"]);
    expect(error?.extensions.hint).toContain(`Upload ${uploadId} is kept until`);
    const id = await lost;
    await proxy.reopen();
    expect(await t.prisma.analysis.count()).toBe(0);
    const upload = path.join(config.uploadDir, `${uploadId}.upload`);
    expect(existsSync(upload)).toBe(true);
    // The add did run: the job is there, for an analysis that is not.
    expect((await queues.analysis.getJob(id))?.data.filePath).toBe(analysisFiles.inputPath(id));
    const w = await worker(t);
    expect((await jobOnceIn(t, id, "completed")).returnvalue).toEqual({ status: "DELETED" });
    expect(await queues.analysis.getJobCounts("waiting", "active", "delayed", "failed")).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(existsSync(upload)).toBe(true);
    // Stopped, so that the same request's analysis is still queued when it is checked.
    await w.close();
    await expectUploadKeptAndRetryQueues(t, token, uploadId, patientId);
  }, 120_000);
});
