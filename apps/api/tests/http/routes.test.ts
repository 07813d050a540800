import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { encodeKeypoints, importKeypoints } from "@gma/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ensurePoseModels, messiClip, syntheticKeypoints } from "../helpers/fixtures";
import { freePort, startPrivateRedis, stopPrivateRedis } from "../helpers/private-redis";
import { startTestApi, type TestApi } from "../helpers/test-api";

let modelsDir: string;
let t: TestApi;
let clip: Buffer;
/** The upload limit of these tests: above the clip, below the bodies that test it. */
const LIMIT = 1024 * 1024;
beforeAll(async () => {
  modelsDir = await ensurePoseModels();
}, 300_000);
beforeEach(async () => {
  t = await startTestApi({ UPLOAD_MAX_BYTES: String(LIMIT), GMA_MODELS_DIR: modelsDir });
  const tmp = t.api.services.config.dataDir;
  // Long enough for the quality gate (10 s), which uploads are held to.
  clip = readFileSync(messiClip(path.join(tmp, "clip.mp4"), 10.5));
});
afterEach(async () => {
  await t.close();
});

const uploadDir = () => t.api.services.config.uploadDir;
const stored = () => {
  try {
    return readdirSync(uploadDir());
  } catch {
    return [];
  }
};

async function upload(body: Buffer | string, opts: { token?: string; type?: string; kind?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": opts.type ?? "application/octet-stream", ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${t.api.url}/uploads${opts.kind ? `?kind=${opts.kind}` : ""}`, { method: "POST", headers, body });
  return { status: res.status, body: (await res.json()) as { uploadId?: string; sizeBytes?: number; kind?: string; error?: { code: string; message?: string; hint?: string } } };
}

describe("POST /uploads", () => {
  it("stores a video under a random server-side name, ignoring the client's file name, and returns an uploadId", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const r = await upload(clip, { token, headers: { "content-disposition": 'attachment; filename="../../../etc/passwd"', "x-file-name": "../evil.mp4" } });
    expect(r.status).toBe(201);
    expect(r.body.uploadId).toMatch(/^[a-f0-9]{32}$/);
    expect(r.body.sizeBytes).toBe(clip.length);
    expect(stored()).toEqual([`${r.body.uploadId}.upload`]);
    const q = await t.gql(`query($id: String!) { upload(uploadId: $id) { uploadId kind sizeBytes } }`, { id: r.body.uploadId }, { token });
    expect(q.data?.upload).toEqual({ uploadId: r.body.uploadId, kind: "video", sizeBytes: clip.length });
  });

  it("accepts keypoints uploaded with kind=keypoints", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const file = syntheticKeypoints(path.join(t.api.services.config.dataDir, "k.json"), 12);
    const r = await upload(readFileSync(file), { token, kind: "keypoints", type: "application/json" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.kind).toBe("keypoints");
  });

  it("reads uploaded keypoints as the worker will: a .gmak is accepted, a CSV stating no frame rate and a file too short to analyse are refused, and nothing is kept", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const dir = t.api.services.config.dataDir;
    const joints = importKeypoints(readFileSync(syntheticKeypoints(path.join(dir, "g.json"), 12, 2), "utf8")).joints;
    const gmak = await upload(Buffer.from(encodeKeypoints(joints)), { token, kind: "keypoints" });
    expect(gmak.status, JSON.stringify(gmak.body)).toBe(201);
    expect(stored()).toEqual([`${gmak.body.uploadId}.upload`]);
    const csv = `${Array.from({ length: 25 * 12 }, () => Array.from({ length: 75 }, () => "0.5").join(",")).join("\n")}\n`;
    const header = Array.from({ length: 25 }, (_, j) => `x${j},y${j},z${j}`).join(",");
    const noRate = await upload(`${header}\n${csv}`, { token, kind: "keypoints", type: "text/csv" });
    expect([noRate.status, noRate.body.error?.code]).toEqual([415, "UNSUPPORTED_MEDIA"]);
    expect(noRate.body.error?.message).toMatch(/frame rate/);
    const short = await upload(readFileSync(syntheticKeypoints(path.join(dir, "short.json"), 2)), { token, kind: "keypoints", type: "application/json" });
    expect([short.status, short.body.error?.code, short.body.error?.message]).toEqual([422, "QUALITY_TOO_LOW", "The recording is not good enough to analyse: the recording is 2.0 s long (at least 10 s needed)."]);
    expect(stored()).toEqual([`${gmak.body.uploadId}.upload`]);
  });

  it("refuses bad uploads with a coded error and keeps nothing on disk", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const cases: [string, Parameters<typeof upload>, number, string][] = [
      ["no session", [clip], 401, "UNAUTHENTICATED"],
      ["form content type (CSRF guard)", [clip, { token, type: "multipart/form-data" }], 415, "UNSUPPORTED_MEDIA"],
      ["unknown kind", [clip, { token, kind: "exe" }], 415, "UNSUPPORTED_MEDIA"],
      ["not a video", [Buffer.from("#!/bin/sh\necho hi\n".repeat(50)), { token }], 415, "UNSUPPORTED_MEDIA"],
      ["truncated video", [clip.subarray(0, Math.floor(clip.length / 3)), { token }], 415, "UNSUPPORTED_MEDIA"],
      ["too large", [Buffer.alloc(LIMIT + 1024, 1), { token }], 413, "PAYLOAD_TOO_LARGE"],
      ["empty", [Buffer.alloc(0), { token }], 415, "UNSUPPORTED_MEDIA"],
      ["malformed keypoints", [Buffer.from('{"format":"mediapipe-33","fps":25,"frames":[[1,2]]}'), { token, kind: "keypoints" }], 415, "UNSUPPORTED_MEDIA"],
    ];
    for (const [name, args, status, code] of cases) {
      const r = await upload(...args);
      expect([r.status, r.body.error?.code], name).toEqual([status, code]);
    }
    const analyst = await t.login(t.users.ANALYST.email);
    expect((await upload(clip, { token: analyst })).body.error?.code).toBe("FORBIDDEN");
    expect(stored()).toEqual([]);
  });

  it("refuses a video the analysis would refuse for its length or frame rate with QUALITY_TOO_LOW in the quality gate's words, and keeps nothing", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const dir = t.api.services.config.dataDir;
    const short = await upload(readFileSync(messiClip(path.join(dir, "short.mp4"), 3)), { token });
    expect([short.status, short.body.error]).toEqual([422, expect.objectContaining({ code: "QUALITY_TOO_LOW", message: "The recording is not good enough to analyse: the recording is 3.0 s long (at least 10 s needed)." })]);
    const slow = await upload(readFileSync(messiClip(path.join(dir, "slow.mp4"), 12, "274x172", 6)), { token });
    expect([slow.status, slow.body.error]).toEqual([422, expect.objectContaining({ code: "QUALITY_TOO_LOW", message: "The recording is not good enough to analyse: the frame rate is 6.0 fps (at least 10 fps needed)." })]);
    expect(slow.body.error).toHaveProperty("hint");
    expect(stored()).toEqual([]);
  });

  it("refuses a body larger than the limit while streaming, without a Content-Length", async () => {
    const token = await t.login(t.users.CLINICIAN.email);
    const big = Buffer.alloc(LIMIT + 1024, 7);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 16 * 1024) controller.enqueue(big.subarray(i, i + 16 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${t.api.url}/uploads`, { method: "POST", headers: { "content-type": "application/octet-stream", authorization: `Bearer ${token}` }, body: stream, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(stored()).toEqual([]);
  });
});

describe("POST /uploads interrupted", () => {
  it("keeps nothing on disk and logs no error when the client aborts half-way, and answers the next request", async () => {
    const big = await startTestApi({ UPLOAD_MAX_BYTES: String(10 * 1024 * 1024) });
    try {
      const token = await big.login(big.users.CLINICIAN.email);
      const errors = vi.spyOn(big.api.services.logger, "error");
      const url = new URL(`${big.api.url}/uploads`);
      await new Promise<void>((resolve) => {
        const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", "content-length": String(4 * 1024 * 1024) } });
        req.on("error", () => resolve());
        // A quarter of the announced body, then the connection goes.
        req.write(Buffer.alloc(1024 * 1024, 3), () => setTimeout(() => (req.destroy(), resolve()), 200));
      });
      const dir = big.api.services.config.uploadDir;
      const deadline = Date.now() + 5000;
      while (readdirSafe(dir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(readdirSafe(dir)).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      expect((await fetch(`${big.api.url}/healthz`)).status).toBe(200);
    } finally {
      await big.close();
    }
  });

  it("answers SERVICE_UNAVAILABLE and keeps no file when Redis cannot register a checked upload", async () => {
    const port = await freePort();
    const redis = await startPrivateRedis(port);
    const own = await startTestApi({ UPLOAD_MAX_BYTES: String(LIMIT), GMA_MODELS_DIR: modelsDir, REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const token = await own.login(own.users.CLINICIAN.email);
      await stopPrivateRedis(redis);
      const res = await fetch(`${own.api.url}/uploads`, { method: "POST", headers: { "content-type": "application/octet-stream", authorization: `Bearer ${token}` }, body: clip });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([503, "SERVICE_UNAVAILABLE"]);
      expect(readdirSafe(own.api.services.config.uploadDir)).toEqual([]);
    } finally {
      await stopPrivateRedis(redis);
      await own.close();
    }
  });
});

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

describe("/admin/queues (bull-board)", () => {
  it("serves the board to an admin's session cookie, 403 to other roles and 401 without a session", async () => {
    const login = async (email: string) => {
      const r = await t.gql(`mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { user { id } } }`, { e: email, p: "correct horse battery" });
      return r.headers.get("set-cookie")!.split(";")[0]!;
    };
    const get = async (cookie?: string, sub = "") => fetch(`${t.api.url}/admin/queues${sub}`, cookie ? { headers: { cookie } } : {});
    const admin = await get(await login(t.users.ADMIN.email));
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/GMA Insight queues|<html/i);
    const api = await get(await login(t.users.ADMIN.email), "/api/queues");
    expect(((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(["analysis", "maintenance"]);
    for (const email of [t.users.CLINICIAN.email, t.users.ANALYST.email]) {
      const cookie = await login(email);
      expect((await get(cookie)).status, email).toBe(403);
      expect((await get(cookie, "/api/queues")).status, email).toBe(403);
    }
    expect((await get()).status).toBe(401);
  });
});

describe("/healthz and /readyz", () => {
  it("answers /healthz, and /readyz 200 when database, Redis and the models answer", async () => {
    expect((await fetch(`${t.api.url}/healthz`)).status).toBe(200);
    const res = await fetch(`${t.api.url}/readyz`);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body).toEqual({ status: "ready", checks: { database: { ok: true }, redis: { ok: true }, models: { ok: true } } });
    expect(res.status).toBe(200);
  });

  it("answers /readyz 503 naming the models when the pose models are missing", async () => {
    const bare = await startTestApi();
    try {
      const res = await fetch(`${bare.api.url}/readyz`);
      const body = (await res.json()) as { status: string; checks: { models: { ok: boolean; error?: string }; database: { ok: boolean } } };
      expect(res.status).toBe(503);
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.models.ok).toBe(false);
      expect(body.checks.models.error).toBeTruthy();
    } finally {
      await bare.close();
    }
  });
});
