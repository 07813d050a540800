// The API's configuration: parsed once, at the edge, with zod. Nothing else in apps/api reads
// process.env; everything below receives the typed ApiConfig.
import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_BACKUP_KEEP } from "@gma/db";
import { z } from "zod";

/** Repository root, so that the default data directory is the same whichever cwd starts us. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Deployment profile; picks the defaults below. */
export type Profile = "production" | "development";

/** Defaults that differ between the profiles (Foundation issue). */
const PROFILE_DEFAULTS = {
  production: {
    modelCacheSize: 1,
    resultCacheSize: 256,
    optimizations: true,
    logLevel: "info",
    perfMonitoring: "basic",
    sessionPurgeEveryMinutes: 24 * 60,
    introspection: false,
    cookieSecure: true,
    corsOrigins: [] as string[],
    modelWarmUp: true,
  },
  development: {
    modelCacheSize: 1,
    resultCacheSize: 16,
    optimizations: false,
    logLevel: "debug",
    perfMonitoring: "detailed",
    sessionPurgeEveryMinutes: 60,
    introspection: true,
    cookieSecure: false,
    corsOrigins: ["http://localhost:3000", "http://127.0.0.1:3000"],
    modelWarmUp: false,
  },
} as const;

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Names Express's `trust proxy` knows for address ranges. */
const TRUST_NAMES = ["loopback", "linklocal", "uniquelocal"];

/** An address, a range (address/prefix or address/netmask) or one of {@link TRUST_NAMES}. */
function isTrustEntry(entry: string): boolean {
  if (TRUST_NAMES.includes(entry)) return true;
  const [address = "", range, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

// Express's `trust proxy`: true/false, a hop count, or the proxies' addresses and ranges.
const trustProxy = z.string().transform((v, ctx): boolean | number | string[] => {
  const value = v.trim().toLowerCase();
  if (["true", "yes", "on"].includes(value)) return true;
  if (["false", "no", "off"].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isTrustEntry(e));
  if (entries.length === 0 || bad.length > 0) {
    ctx.addIssue({ code: "custom", message: `expected true, false, a hop count, or comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal; not ${bad.join(", ") || "an empty list"}` });
    return z.NEVER;
  }
  return entries;
});

/** Default of DATABASE_BACKUP_SCHEDULE: every night at 02:00 (the worker's time zone), when a clinic is quiet. */
export const DEFAULT_BACKUP_SCHEDULE = "0 2 * * *";

// DATABASE_BACKUP_SCHEDULE: a cron pattern (5 fields, or 6 with seconds first) or "off". Only
// the shape is checked here; BullMQ's cron parser has the last word when the worker registers it.
const backupSchedule = z
  .string()
  .trim()
  .refine((v) => v.toLowerCase() === "off" || /^\S+(\s+\S+){4,5}$/.test(v), { message: 'expected a cron pattern such as "0 2 * * *" or off' })
  .transform((v) => (v.toLowerCase() === "off" ? null : v.split(/\s+/).join(" ")));

const envSchema = z.object({
  GMA_PROFILE: z.enum(["production", "development"]).optional(),
  NODE_ENV: z.string().optional(),
  GMA_DATA_DIR: z.string().min(1).optional(),
  DATABASE_FILE: z.string().min(1).optional(),
  GMA_MODELS_DIR: z.string().min(1).optional(),
  GMA_ANOMALY_MODEL_DIR: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: "REDIS_URL must look like redis://host:port" }).default("redis://127.0.0.1:6379"),
  GMA_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, "GMA_QUEUE_PREFIX: letters, digits, _ and - only").default("gma"),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  API_PORT: int(0, 65535).default(4000),
  API_PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: trustProxy.default(["loopback"]),
  CORS_ORIGINS: list.optional(),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  COOKIE_SECURE: bool.optional(),
  SESSION_COOKIE_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default("gma_session"),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(12),
  SESSION_IDLE_MINUTES: int(1, 60 * 24 * 30).default(60),
  SESSION_PURGE_EVERY_MINUTES: int(1).optional(),
  SESSION_PURGE_BATCH_SIZE: int(1, 100_000).default(5000),
  LOGIN_MAX_PER_ACCOUNT: int(1).default(5),
  LOGIN_MAX_PER_ADDRESS: int(1).default(20),
  LOGIN_WINDOW_SECONDS: int(1).default(900),
  GRAPHQL_MAX_BODY_BYTES: int(1024).default(1024 * 1024),
  GRAPHQL_MAX_DEPTH: int(2, 100).default(10),
  GRAPHQL_MAX_COMPLEXITY: int(10).default(2000),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_SUBSCRIPTION_FALLBACK_MS: int(250, 3_600_000).default(5000),
  UPLOAD_MAX_BYTES: int(1024).default(500 * 1024 * 1024),
  UPLOAD_TTL_MINUTES: int(1).default(60),
  WORKER_CONCURRENCY: int(1, 64).default(1),
  ANALYSIS_ATTEMPTS: int(1, 20).default(3),
  ANALYSIS_BACKOFF_MS: int(0).default(5000),
  VIDEO_RETENTION_DAYS: int(0).default(0),
  ANALYSIS_ARCHIVE_AFTER_DAYS: int(1).default(365),
  DATABASE_BACKUP_DIR: z.string().min(1).default("backups"),
  DATABASE_BACKUP_KEEP: int(1, 10_000).default(DEFAULT_BACKUP_KEEP),
  DATABASE_BACKUP_SCHEDULE: backupSchedule.default(DEFAULT_BACKUP_SCHEDULE),
  MODEL_CACHE_SIZE: int(1, 64).optional(),
  RESULT_CACHE_SIZE: int(0).optional(),
  GMA_OPTIMIZATIONS: bool.optional(),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).optional(),
  PERF_MONITORING: z.enum(["off", "basic", "detailed"]).optional(),
  MEMORY_PRESSURE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.85),
  MEMORY_SAMPLE_EVERY_MS: int(100, 3_600_000).default(10_000),
  PERF_SNAPSHOT_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  PERF_HISTORY_EVERY_SECONDS: z.coerce.number().min(0.1).max(24 * 3600).default(60),
  PERF_HISTORY_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(48),
  INFERENCE_EXECUTION_PROVIDER: z.enum(["auto", "cpu", "cuda"], { message: "expected auto, cpu or cuda" }).default("auto"),
  INFERENCE_DEVICE_ID: int(0, 255).default(0),
  INFERENCE_GPU_MEM_LIMIT_MB: int(1, 2 ** 20).optional(),
  INFERENCE_INTRA_OP_THREADS: int(0, 1024).default(0),
  INFERENCE_CPU_ARENA: bool.optional(),
  INFERENCE_ALLOW_SPINNING: bool.optional(),
  INFERENCE_ANOMALY_INSTANCES: int(0, 64).default(0),
  INFERENCE_POSE_INSTANCES: int(0, 64).optional(),
  MODEL_WARMUP: bool.optional(),
  WORKER_LOCK_MS: int(1000).default(30_000),
  WORKER_STALLED_CHECK_MS: int(500).default(30_000),
});

/** Typed configuration of the API and worker processes. */
export interface ApiConfig {
  profile: Profile;
  dataDir: string;
  databaseFile: string;
  modelsDir: string;
  /** Anomaly model card folder; undefined serves the model shipped with @gma/core. */
  anomalyModelDir: string | undefined;
  uploadDir: string;
  redisUrl: string;
  /** BullMQ key prefix; tests use a random one so that their queues never meet. */
  queuePrefix: string;
  host: string;
  port: number;
  publicUrl: string | undefined;
  /**
   * Which peers may tell the client's address in X-Forwarded-For (Express's `trust proxy`):
   * false (none), true (every peer: the left-most address wins), a number of proxy hops, or the
   * proxies' addresses and ranges. The default, loopback, fits the dashboard's proxy on the same
   * machine.
   */
  trustProxy: boolean | number | string[];
  corsOrigins: string[];
  /** Bearer token that /metrics requires; /metrics is disabled when unset. */
  metricsToken: string | undefined;
  cookie: { name: string; secure: boolean };
  session: { ttlHours: number; idleMinutes: number; purgeEveryMinutes: number; purgeBatchSize: number };
  loginRateLimit: { maxPerAccount: number; maxPerAddress: number; windowSeconds: number };
  /**
   * `subscriptionFallbackMs`: how often an `analysisProgress` subscription reads its analysis
   * while change notifications (Redis pub/sub) arrive, in case one is lost; while they cannot
   * arrive (the subscriber connection is down) it reads every 250 ms instead.
   */
  graphql: { maxBodyBytes: number; maxDepth: number; maxComplexity: number; introspection: boolean; subscriptionFallbackMs: number };
  upload: { maxBytes: number; ttlMinutes: number };
  /**
   * `lockMs`: how long a job stays locked to a worker without a renewal (a killed worker's job
   * goes to another after this); `stalledCheckMs`: how often workers look for such jobs.
   */
  worker: { concurrency: number; attempts: number; backoffMs: number; lockMs: number; stalledCheckMs: number };
  retention: { videoDays: number; archiveAnalysesAfterDays: number };
  /**
   * The database-backup maintenance job: backups of `databaseFile` go to `dir`
   * (DATABASE_BACKUP_DIR, relative to the data directory; default `<data dir>/backups`), the
   * newest `keep` of them kept (DATABASE_BACKUP_KEEP, default 14). `schedule` is the cron pattern
   * of the Job Scheduler the worker creates when there is none (DATABASE_BACKUP_SCHEDULE, default
   * `0 2 * * *`, every night at 02:00 in the worker's time zone); null (`off`) creates none and
   * removes one that exists at worker start, and the maintenance page may not set one. Otherwise,
   * as for the other jobs, a schedule set from the maintenance page is kept across restarts.
   */
  backup: { dir: string; keep: number; schedule: string | null };
  caches: { modelCacheSize: number; resultCacheSize: number };
  /**
   * The worker's onnxruntime sessions (pose models and anomaly scorer). `executionProvider`:
   * `auto` runs on CUDA where the CUDA build of onnxruntime-node and an NVIDIA GPU are present and
   * on CPU otherwise; `cuda` makes the worker refuse to start where CUDA cannot run. `deviceId`
   * and `gpuMemLimitMb` apply to CUDA only; `intraOpThreads` 0 lets onnxruntime choose (one per
   * physical core); `cpuArena` keeps onnxruntime's CPU memory arena; `allowSpinning` lets its
   * intra-op threads busy-wait (off: they starve ffmpeg and other analyses on shared cores). `anomalyInstances` runs the
   * anomaly model in that many worker threads (0: on the worker's own thread), so that its event
   * loop does not stall while windows score and batches run in parallel (with `intraOpThreads` 0
   * the CPUs are shared out among the instances). `poseInstances` does the same for the pose
   * models (default: WORKER_CONCURRENCY when above 1, else 0), so that analyses running at once
   * estimate poses in parallel. `warmUp` loads the pipeline models at worker start instead of at
   * the first analysis.
   */
  inference: {
    executionProvider: "auto" | "cpu" | "cuda";
    deviceId: number;
    gpuMemLimitMb: number | undefined;
    intraOpThreads: number;
    cpuArena: boolean;
    allowSpinning: boolean;
    anomalyInstances: number;
    poseInstances: number;
    warmUp: boolean;
  };
  /**
   * GMA_OPTIMIZATIONS: the worker's anomaly scorer batches windows across concurrent analyses
   * (dynamic batching), and both processes free memory (optimizeMemory) when their memory
   * sampler sees pressure at or above `memory.pressureThreshold`. Off, the sampler only samples.
   */
  optimizations: boolean;
  logLevel: "error" | "warn" | "info" | "debug";
  /**
   * `off`: this process publishes no performance snapshot or history and records no timings;
   * `basic`: it does both; `detailed`: the worker also logs each analysis's stage timings (debug).
   */
  perfMonitoring: "off" | "basic" | "detailed";
  /**
   * Each process samples its memory every `sampleEveryMs`; with {@link optimizations} on it
   * frees memory when rss / limit reaches `pressureThreshold` (0 turns that off).
   */
  memory: { pressureThreshold: number; sampleEveryMs: number };
  /**
   * Performance snapshots: every process publishes its live snapshot to Redis every
   * `snapshotSeconds` (what performanceStats and /metrics merge), and a summary to the history
   * every `historyEverySeconds`, kept for `historyHours`.
   */
  perf: { snapshotSeconds: number; historyEverySeconds: number; historyHours: number };
}

/** Raised when the environment does not parse; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration (see .env.example):\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses an environment into {@link ApiConfig}. Pure: tests pass their own object.
 * Empty strings count as unset so that a copied `.env.example` with blank values works.
 */
export function parseConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const e = parsed.data;
  const profile: Profile = e.GMA_PROFILE ?? (e.NODE_ENV === "production" ? "production" : "development");
  const d = PROFILE_DEFAULTS[profile];
  const dataDir = path.resolve(repoRoot, e.GMA_DATA_DIR ?? "data");
  return {
    profile,
    dataDir,
    databaseFile: path.resolve(dataDir, e.DATABASE_FILE ?? "gma.sqlite"),
    modelsDir: path.resolve(dataDir, e.GMA_MODELS_DIR ?? "models"),
    anomalyModelDir: e.GMA_ANOMALY_MODEL_DIR === undefined ? undefined : path.resolve(repoRoot, e.GMA_ANOMALY_MODEL_DIR),
    uploadDir: path.join(dataDir, "uploads"),
    redisUrl: e.REDIS_URL,
    queuePrefix: e.GMA_QUEUE_PREFIX,
    host: e.API_HOST,
    port: e.API_PORT,
    publicUrl: e.API_PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    corsOrigins: e.CORS_ORIGINS ?? [...d.corsOrigins],
    metricsToken: e.METRICS_TOKEN,
    cookie: { name: e.SESSION_COOKIE_NAME, secure: e.COOKIE_SECURE ?? d.cookieSecure },
    session: {
      ttlHours: e.SESSION_TTL_HOURS,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      purgeEveryMinutes: e.SESSION_PURGE_EVERY_MINUTES ?? d.sessionPurgeEveryMinutes,
      purgeBatchSize: e.SESSION_PURGE_BATCH_SIZE,
    },
    loginRateLimit: { maxPerAccount: e.LOGIN_MAX_PER_ACCOUNT, maxPerAddress: e.LOGIN_MAX_PER_ADDRESS, windowSeconds: e.LOGIN_WINDOW_SECONDS },
    graphql: {
      maxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxComplexity: e.GRAPHQL_MAX_COMPLEXITY,
      introspection: e.GRAPHQL_INTROSPECTION ?? d.introspection,
      subscriptionFallbackMs: e.GRAPHQL_SUBSCRIPTION_FALLBACK_MS,
    },
    upload: { maxBytes: e.UPLOAD_MAX_BYTES, ttlMinutes: e.UPLOAD_TTL_MINUTES },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      attempts: e.ANALYSIS_ATTEMPTS,
      backoffMs: e.ANALYSIS_BACKOFF_MS,
      lockMs: e.WORKER_LOCK_MS,
      stalledCheckMs: e.WORKER_STALLED_CHECK_MS,
    },
    retention: { videoDays: e.VIDEO_RETENTION_DAYS, archiveAnalysesAfterDays: e.ANALYSIS_ARCHIVE_AFTER_DAYS },
    backup: { dir: path.resolve(dataDir, e.DATABASE_BACKUP_DIR), keep: e.DATABASE_BACKUP_KEEP, schedule: e.DATABASE_BACKUP_SCHEDULE },
    caches: { modelCacheSize: e.MODEL_CACHE_SIZE ?? d.modelCacheSize, resultCacheSize: e.RESULT_CACHE_SIZE ?? d.resultCacheSize },
    inference: {
      executionProvider: e.INFERENCE_EXECUTION_PROVIDER,
      deviceId: e.INFERENCE_DEVICE_ID,
      gpuMemLimitMb: e.INFERENCE_GPU_MEM_LIMIT_MB,
      intraOpThreads: e.INFERENCE_INTRA_OP_THREADS,
      cpuArena: e.INFERENCE_CPU_ARENA ?? true,
      allowSpinning: e.INFERENCE_ALLOW_SPINNING ?? false,
      anomalyInstances: e.INFERENCE_ANOMALY_INSTANCES,
      // One analysis gains nothing from instances (its frames follow one another): by default
      // there are as many as the worker runs analyses at once.
      poseInstances: e.INFERENCE_POSE_INSTANCES ?? (e.WORKER_CONCURRENCY > 1 ? e.WORKER_CONCURRENCY : 0),
      warmUp: e.MODEL_WARMUP ?? d.modelWarmUp,
    },
    optimizations: e.GMA_OPTIMIZATIONS ?? d.optimizations,
    logLevel: e.LOG_LEVEL ?? d.logLevel,
    perfMonitoring: e.PERF_MONITORING ?? d.perfMonitoring,
    memory: { pressureThreshold: e.MEMORY_PRESSURE_THRESHOLD, sampleEveryMs: e.MEMORY_SAMPLE_EVERY_MS },
    perf: { snapshotSeconds: e.PERF_SNAPSHOT_SECONDS, historyEverySeconds: e.PERF_HISTORY_EVERY_SECONDS, historyHours: e.PERF_HISTORY_HOURS },
  };
}

let loaded: ApiConfig | undefined;

/** The process's configuration, parsed from process.env on first use and then reused. */
export function loadConfig(): ApiConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}
