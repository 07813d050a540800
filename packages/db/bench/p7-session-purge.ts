// p7-session-purge: purge 1,000,000 expired sessions (100,000 live) while 50 concurrent session
// validations run, and compare with the same purge as one DELETE.
//
// Validations run in a worker thread on their own connection (as a second API process would),
// so "concurrent" means truly parallel on WAL, not interleaved on one event loop. A third phase
// runs the validations on the purging connection itself (interleaved on one event loop, as when
// the API process runs the scheduled purge) and reports it as same_conn_*.
// Each phase runs on a fresh copy of one seeded template; phases alternate batched / single /
// same-connection per round; figures are medians over rounds.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { benchLog, median, parseBenchArgs, percentile, printBench } from "@gma/core";
import { generateSessionToken, hashSessionToken, migrateDatabase, openDatabase, purgeExpiredSessions, SessionService } from "../src";

const CONCURRENCY = 50;

interface WorkerInput {
  file: string;
  tokens: string[];
}
type Phase = "warmup" | "idle" | "during";
interface Sample {
  warmup: number[];
  idle: number[];
  during: number[];
  spans: [number, number][];
  busy: number;
  invalid: number;
  errors: string[];
}

/** 50 validation loops on one connection; latencies are tagged with the phase the main thread announces. */
async function runValidations(file: string, tokens: string[], control: { phase: Phase; stop: boolean }): Promise<Sample> {
  const handle = await openDatabase({ file });
  const sessions = new SessionService(handle.prisma);
  const sample: Sample = { spans: [], warmup: [], idle: [], during: [], busy: 0, invalid: 0, errors: [] };
  let i = 0;
  const loop = async () => {
    while (!control.stop) {
      const token = tokens[(i++ * 7919) % tokens.length]!;
      const phase = control.phase;
      const t0 = performance.now();
      try {
        if ((await sessions.validate(token)) === null) sample.invalid++;
        sample[phase].push(performance.now() - t0);
        sample.spans.push([performance.timeOrigin + t0, performance.timeOrigin + performance.now()]);
      } catch (error) {
        const text = String((error as { message?: string }).message ?? error);
        if (/busy|SocketTimeout|locked/i.test(text)) sample.busy++;
        else if (sample.errors.length < 5) sample.errors.push(text);
      }
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  await handle.close();
  return sample;
}

function seedTemplate(file: string, expired: number, live: number): string[] {
  const db = new Database(file);
  const now = Date.now();
  const tokens: string[] = [];
  db.prepare("INSERT INTO users (id, email, display_name, password_hash, role, is_active, created_at, updated_at) VALUES ('bench-user', 'bench@example.org', 'Bench', 'x', 'CLINICIAN', 1, ?, ?)").run(now, now);
  const insert = db.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at, absolute_expires_at, last_seen_at) VALUES (?, 'bench-user', ?, ?, ?, ?)");
  db.transaction(() => {
    // Interleave so expired and live rows share pages, as they would after months of use.
    const ratio = Math.max(1, Math.round(expired / Math.max(1, live)));
    let e = 0;
    let l = 0;
    while (e < expired || l < live) {
      for (let k = 0; k < ratio && e < expired; k++, e++) {
        const t = now - 86_400_000 - e;
        insert.run(`expired-${e.toString(16).padStart(16, "0")}`, t - 3_600_000, t, t, t - 3_600_000);
      }
      if (l < live) {
        const token = generateSessionToken();
        tokens.push(token);
        // last_seen_at = far future keeps validation read-only here; writes are measured in tests.
        insert.run(hashSessionToken(token), now, now + 86_400_000, now + 86_400_000, now + 86_400_000 - 1);
        l++;
      }
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return tokens;
}

async function startWorker(file: string, tokens: string[]): Promise<{ worker: Worker; done: Promise<Sample> }> {
  // Node 20 refuses a .ts file as a worker entry before any loader runs, so the worker starts
  // from a tiny script that registers tsx and then imports this file.
  const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { file, tokens } satisfies WorkerInput });
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const done = new Promise<Sample>((resolve, reject) => {
    worker.on("message", (m: { ready?: boolean; sample?: Sample }) => {
      if (m.ready) resolveReady();
      if (m.sample) resolve(m.sample);
    });
    worker.on("error", reject);
  });
  await ready;
  return { worker, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PhaseResult {
  p99Idle: number;
  p99During: number;
  rows: number;
  deleteMs: number;
  totalMs: number;
  vacuumMs: number;
  batches: number;
  busy: number;
  validations: number;
}

async function runPhase(kind: "batched" | "single" | "same_conn", template: string, dir: string, tokens: string[], expected: number, opts: { idleMs: number; batchSize: number; vacuumThreshold: number }): Promise<PhaseResult> {
  const file = path.join(dir, `${kind}-${Date.now()}.sqlite`);
  copyFileSync(template, file);
  const handle = await openDatabase({ file });
  const control = { phase: "warmup" as Phase, stop: false };
  let worker: Worker | undefined;
  let done: Promise<Sample>;
  if (kind === "same_conn") {
    done = (async () => {
      const sessions = new SessionService(handle.prisma);
      const sample: Sample = { spans: [], warmup: [], idle: [], during: [], busy: 0, invalid: 0, errors: [] };
      let i = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (!control.stop) {
            const phase = control.phase;
            const t0 = performance.now();
            if ((await sessions.validate(tokens[(i++ * 7919) % tokens.length]!)) === null) sample.invalid++;
            sample[phase].push(performance.now() - t0);
            sample.spans.push([performance.timeOrigin + t0, performance.timeOrigin + performance.now()]);
        sample.spans.push([performance.timeOrigin + t0, performance.timeOrigin + performance.now()]);
            await new Promise((r) => setImmediate(r));
          }
        }),
      );
      return sample;
    })();
  } else {
    ({ worker, done } = await startWorker(file, tokens));
  }
  await sleep(opts.idleMs / 2);
  control.phase = "idle";
  worker?.postMessage("idle");
  await sleep(opts.idleMs);
  control.phase = "during";
  worker?.postMessage("during");
  const windowStart = performance.timeOrigin + performance.now();
  let rows: number;
  let deleteMs: number;
  let totalMs: number;
  let vacuumMs = 0;
  let batches = 1;
  if (kind === "single") {
    const t0 = performance.now();
    rows = await handle.prisma.$executeRaw`DELETE FROM sessions WHERE expires_at <= ${Date.now()}`;
    deleteMs = totalMs = performance.now() - t0;
  } else {
    const r = await purgeExpiredSessions(handle, { batchSize: opts.batchSize, vacuumThreshold: opts.vacuumThreshold });
    rows = r.rows;
    deleteMs = r.deleteMs;
    totalMs = r.durationMs;
    vacuumMs = r.vacuumMs;
    batches = r.batches;
  }
  const windowEnd = performance.timeOrigin + performance.now();
  // Keep validating briefly so calls in flight when the purge ended complete and count.
  await sleep(20);
  control.stop = true;
  worker?.postMessage("stop");
  const sample = await done;
  // A validation counts as "during" when it overlapped the purge window at all, as "idle" when it
  // ran wholly in the idle window (after warm-up).
  const idleStart = windowStart - opts.idleMs;
  sample.idle = sample.spans.filter(([a, b]) => a >= idleStart && b <= windowStart).map(([a, b]) => b - a);
  sample.during = sample.spans.filter(([a, b]) => a < windowEnd && b > windowStart).map(([a, b]) => b - a);
  await worker?.terminate();
  const remaining = await handle.prisma.session.count();
  await handle.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  if (rows !== expected || remaining !== tokens.length) throw new Error(`${kind}: deleted ${rows} of ${expected} expired rows, ${remaining} rows left (want ${tokens.length})`);
  if (sample.invalid > 0 || sample.errors.length > 0) throw new Error(`${kind}: ${sample.invalid} live tokens failed validation; errors: ${sample.errors.join("; ")}`);
  if (sample.idle.length === 0 || sample.during.length === 0) throw new Error(`${kind}: no validations completed in a phase (idle ${sample.idle.length}, during ${sample.during.length})`);
  return {
    p99Idle: percentile(sample.idle, 99),
    p99During: percentile(sample.during, 99),
    rows,
    deleteMs,
    totalMs,
    vacuumMs,
    batches,
    busy: sample.busy,
    validations: sample.idle.length + sample.during.length,
  };
}

async function main(): Promise<void> {
  const { quick } = parseBenchArgs();
  const expired = quick ? 20_000 : 1_000_000;
  const live = quick ? 5_000 : 100_000;
  const rounds = quick ? 2 : 2;
  const opts = { idleMs: quick ? 400 : 2000, batchSize: 1000, vacuumThreshold: quick ? 10_000 : 100_000 };
  const dir = mkdtempSync(path.join(os.tmpdir(), "gma-p7-"));
  try {
    const template = path.join(dir, "template.sqlite");
    await migrateDatabase(template);
    let t = performance.now();
    const tokens = seedTemplate(template, expired, live);
    benchLog(`seeded ${expired} expired + ${live} live sessions in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const results: Record<"batched" | "single" | "same_conn", PhaseResult[]> = { batched: [], single: [], same_conn: [] };
    for (let round = 0; round < rounds; round++) {
      for (const kind of ["batched", "single", "same_conn"] as const) {
        t = performance.now();
        const r = await runPhase(kind, template, dir, tokens, expired, opts);
        results[kind].push(r);
        benchLog(
          `round ${round + 1} ${kind}: ${r.rows} rows in ${r.deleteMs.toFixed(0)} ms (+${r.vacuumMs.toFixed(0)} ms vacuum), ` +
            `p99 idle ${r.p99Idle.toFixed(2)} ms, during ${r.p99During.toFixed(2)} ms, busy ${r.busy} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
        );
      }
    }
    const med = (kind: keyof typeof results, f: (r: PhaseResult) => number) => median(results[kind].map(f));
    const p99Idle = med("batched", (r) => r.p99Idle);
    const p99During = med("batched", (r) => r.p99During);
    const singleIdle = med("single", (r) => r.p99Idle);
    const singleDuring = med("single", (r) => r.p99During);
    printBench("p7-session-purge", quick, {
      validation_connection: "worker_thread (own connection, WAL)",
      concurrency: CONCURRENCY,
      expired_rows: expired,
      live_rows: live,
      rounds,
      batch_size: opts.batchSize,
      p99_idle_ms: p99Idle,
      p99_during_purge_ms: p99During,
      p99_ratio: p99During / p99Idle,
      rows_per_s: med("batched", (r) => r.rows / (r.deleteMs / 1000)),
      purge_total_ms: med("batched", (r) => r.totalMs),
      vacuum_ms: med("batched", (r) => r.vacuumMs),
      batches: med("batched", (r) => r.batches),
      busy_errors: [...results.batched, ...results.single, ...results.same_conn].reduce((s, r) => s + r.busy, 0),
      single_delete_p99_during_ms: singleDuring,
      single_delete_p99_ratio: singleDuring / singleIdle,
      single_delete_rows_per_s: med("single", (r) => r.rows / (r.deleteMs / 1000)),
      same_conn_p99_idle_ms: med("same_conn", (r) => r.p99Idle),
      same_conn_p99_during_purge_ms: med("same_conn", (r) => r.p99During),
      same_conn_p99_ratio: med("same_conn", (r) => r.p99During / r.p99Idle),
      validations: [...results.batched, ...results.single, ...results.same_conn].reduce((s, r) => s + r.validations, 0),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Dispatch last, so every declaration above is initialised.
if (!isMainThread) {
  const input = workerData as WorkerInput;
  const control = { phase: "warmup" as Phase, stop: false };
  parentPort!.on("message", (m: string) => {
    if (m === "idle") control.phase = "idle";
    if (m === "during") control.phase = "during";
    if (m === "stop") control.stop = true;
  });
  parentPort!.postMessage({ ready: true });
  const sample = await runValidations(input.file, input.tokens, control);
  parentPort!.postMessage({ sample });
} else {
  await main();
}
