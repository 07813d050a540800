import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_ANOMALY_MODEL_DIR, getInstancePoolRegistry, loadModelCard } from "@gma/core";
import { describe, expect, it } from "vitest";
import { useAnalysisHarness } from "../helpers/analysis-harness";
import { messiClip, syntheticKeypoints, undetectedKeypoints } from "../helpers/fixtures";
import { jobOnceIn } from "../helpers/job-once-in";
import { freePort, startPrivateRedis } from "../helpers/private-redis";
import type { TestApi } from "../helpers/test-api";

const API_DIR = fileURLToPath(new URL("../../", import.meta.url));

const harness = useAnalysisHarness();
const { worker, onCleanup } = harness;

/** A test API whose retries wait 200 ms, not the default seconds. */
function api(env: Record<string, string> = {}) {
  return harness.api({ ANALYSIS_BACKOFF_MS: "200", ...env });
}

async function uploadAndAnalyze(t: TestApi, file: string, kind: "video" | "keypoints") {
  const token = await t.login(t.users.CLINICIAN.email);
  const patient = await t.prisma.patient.create({ data: { code: `Q${Date.now()}`, birthDate: new Date("2025-01-01"), gestationalAgeWeeks: 39, ownerId: t.users.CLINICIAN.id } });
  const res = await fetch(`${t.api.url}/uploads?kind=${kind}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" }, body: readFileSync(file) });
  const { uploadId } = (await res.json()) as { uploadId: string };
  const op = kind === "video" ? "analyzeVideo" : "analyzeKeypoints";
  const r = await t.gql(`mutation($u: String!, $p: ID!) { ${op}(input: { uploadId: $u, patientId: $p, ageWeeks: 12 }) { id status } }`, { u: uploadId, p: patient.id }, { token });
  expect(r.errors).toBeUndefined();
  const analysis = r.data![op] as { id: string; status: string };
  // A worker may take the job before the answer is written: queued, or already running.
  expect(["QUEUED", "RUNNING"]).toContain(analysis.status);
  return { id: analysis.id, token };
}

const STATUS = `query($id: ID!) { analysis(id: $id) { status stage progress errorCode errorMessage modelVersion report windowErrors timings } }`;
type Status = { status: string; stage: string; progress: number; errorCode: string | null; errorMessage: string | null; modelVersion: string | null; report: { schemaVersion: string; timeline: { errors: number[] }; model: { version: string } } | null; windowErrors: number[] | null; timings: Record<string, number> | null };

/** Polls the analysis through GraphQL until `done` says so; returns every answer seen. */
async function poll(t: TestApi, id: string, token: string, done: (s: Status) => boolean, timeoutMs = 120_000) {
  const seen: Status[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await t.gql(STATUS, { id }, { token });
    const s = r.data?.analysis as Status | undefined;
    if (s) {
      seen.push(s);
      if (done(s)) return seen;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`analysis ${id} did not get there in time; last: ${JSON.stringify(seen.at(-1)).slice(0, 300)}`);
}

const finished = (s: Status) => s.status === "SUCCEEDED" || s.status === "FAILED";

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "gma-queue-"));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("analysis queue with real workers and the real models", () => {
  it("analyses uploaded keypoints: progress climbs to 100 and the report is stored", async () => {
    const t = await api();
    await worker(t);
    const file = syntheticKeypoints(path.join(tempDir(), "k.json"), 12);
    const { id, token } = await uploadAndAnalyze(t, file, "keypoints");
    const seen = await poll(t, id, token, finished);
    const last = seen.at(-1)!;
    expect(last.errorMessage).toBeNull();
    expect(last.status).toBe("SUCCEEDED");
    expect(last.progress).toBe(100);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(last.modelVersion).toBe(loadModelCard(DEFAULT_ANOMALY_MODEL_DIR).modelVersion);
    expect(last.report!.model.version).toBe(last.modelVersion);
    expect(last.windowErrors!.length).toBe(last.report!.timeline.errors.length);
    expect(last.windowErrors!.length).toBeGreaterThan(0);
    expect(Object.keys(last.timings!).length).toBeGreaterThan(0);
  }, 120_000);

  it("fails bad input at once with its code, without retrying", async () => {
    const t = await api({ ANALYSIS_ATTEMPTS: "3" });
    await worker(t);
    // Twelve seconds of keypoints in which no landmark was found: valid to upload (length and
    // rate are fine), refused by the quality gate after the skeleton stage.
    const file = undetectedKeypoints(path.join(tempDir(), "empty.json"));
    const { id, token } = await uploadAndAnalyze(t, file, "keypoints");
    const last = (await poll(t, id, token, finished)).at(-1)!;
    expect(last.status).toBe("FAILED");
    expect(last.errorCode).toMatch(/^[A-Z_]+$/);
    const job = await jobOnceIn(t, id, "failed");
    expect(job?.attemptsMade).toBe(1);
  }, 120_000);

  it("runs two video analyses at once with WORKER_CONCURRENCY=2, their frames side by side on the worker's pose instances", async () => {
    const t = await api({ WORKER_CONCURRENCY: "2" });
    expect(t.api.services.config.inference.poseInstances).toBe(2);
    const dir = tempDir();
    // Two different clips: the same bytes twice would be one analysis (requests are deduplicated).
    const jobs = [await uploadAndAnalyze(t, messiClip(path.join(dir, "a.mp4"), 10), "video"), await uploadAndAnalyze(t, messiClip(path.join(dir, "b.mp4"), 11), "video")];
    const poseRuns = () =>
      Object.values(getInstancePoolRegistry().stats())
        .filter((p) => p.name.startsWith("pose:"))
        .reduce((n, p) => n + p.runs, 0);
    const before = poseRuns();
    await worker(t);
    const last = await Promise.all(jobs.map(async ({ id, token }) => (await poll(t, id, token, finished)).at(-1)!));
    for (const s of last) expect({ status: s.status, errorMessage: s.errorMessage, progress: s.progress }).toEqual({ status: "SUCCEEDED", errorMessage: null, progress: 100 });
    // Both jobs started together, so their frames went to the instances rather than taking turns.
    expect(poseRuns() - before).toBeGreaterThan(100);
  }, 180_000);

  it("completes a job exactly once when the worker process running it is killed", async () => {
    const env = { WORKER_LOCK_MS: "2000", WORKER_STALLED_CHECK_MS: "1000" };
    const t = await api(env);
    const config = t.api.services.config;
    // node itself runs the worker (tsx as a loader), so that the SIGKILL below reaches the
    // process holding the job: the tsx CLI runs the script in a child of its own, which a kill
    // of the CLI leaves running, still renewing the job's lock and finishing it.
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
      cwd: API_DIR,
      env: { ...process.env, ...env, GMA_DATA_DIR: config.dataDir, GMA_QUEUE_PREFIX: config.queuePrefix, GMA_MODELS_DIR: config.modelsDir, GMA_PROFILE: "development", LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    onCleanup(() => void child.kill("SIGKILL"));
    const clip = messiClip(path.join(tempDir(), "clip.mp4"), 10);
    const { id, token } = await uploadAndAnalyze(t, clip, "video");
    await poll(t, id, token, (s) => s.status === "RUNNING" && s.progress >= 5);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    await worker(t);
    const last = (await poll(t, id, token, finished)).at(-1)!;
    expect(last.errorMessage).toBeNull();
    expect(last.status).toBe("SUCCEEDED");
    expect(last.progress).toBe(100);
    const job = await jobOnceIn(t, id, "completed");
    expect(job?.returnvalue).toEqual({ status: "SUCCEEDED" });
    // The killed worker lost the job's lock and BullMQ moved it back: another worker finished it.
    expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(await t.prisma.analysis.count()).toBe(1);
  }, 180_000);

  it("answers with SERVICE_UNAVAILABLE while Redis restarts, and the running job completes after", async () => {
    const dir = tempDir();
    const port = await freePort();
    const persistence = ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir];
    let redis = await startPrivateRedis(port, persistence);
    onCleanup(() => void redis.kill("SIGKILL"));
    const t = await api({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await worker(t);
    const clip = messiClip(path.join(dir, "clip.mp4"), 10);
    const { id, token } = await uploadAndAnalyze(t, clip, "video");
    await poll(t, id, token, (s) => s.status === "RUNNING" && s.progress >= 5);
    redis.kill("SIGTERM");
    await new Promise((r) => redis.once("exit", r));
    // Uploads live in Redis: looking one up needs it.
    const during = await t.gql(`{ upload(uploadId: "${"a".repeat(32)}") { uploadId } }`, {}, { token });
    expect(during.errors?.[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(during.errors?.[0]?.message).toMatch(/Redis/);
    expect((await t.login(t.users.ADMIN.email).catch((e: unknown) => String(e)))).toMatch(/SERVICE_UNAVAILABLE/);
    redis = await startPrivateRedis(port, persistence);
    const last = (await poll(t, id, token, finished)).at(-1)!;
    expect(last.errorMessage).toBeNull();
    expect(last.status).toBe("SUCCEEDED");
    expect(last.progress).toBe(100);
  }, 180_000);
});

