import "reflect-metadata";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "@gma/db";
import { ModelCache, ResultCache, resolveExecutionProvider, type PipelineModelSet, type ResolvedExecutionProvider, type SessionFactoryOptions } from "@gma/core";
import { Worker } from "bullmq";
import { DbSessionStore } from "./auth/db-session-store";
import { ConfigError, loadConfig, type ApiConfig } from "./env";
import { createLogger, type Logger } from "./logger";
import { createProcessQueues, openProcessDatabase } from "./process-resources";
import { createProcessMonitor } from "./monitoring/create-process-monitor";
import { startMemoryWatch } from "./monitoring/memory-watch";
import { AnalysisChangePublisher } from "./modules/analyses/analysis-change-publisher";
import { AnalysisFiles } from "./modules/analyses/analysis-files";
import { UploadService } from "./modules/uploads/upload.service";
import { createAbandonedAnalysisHandler } from "./queue/abandoned-analysis-handler";
import type { AnalysisRunner } from "./queue/analysis-runner";
import { createAnalysisProcessor } from "./queue/analysis.processor";
import { createMaintenanceProcessor } from "./queue/maintenance.processor";
import { ANALYSIS_QUEUE, MAINTENANCE_QUEUE, type AnalysisJobData, type MaintenanceJobData } from "./queue/queues";
import { PipelineAnalysisRunner } from "./queue/pipeline-analysis-runner";
import { sweepAbandonedMaintenanceRuns } from "./queue/sweep-abandoned-maintenance-runs";
import { connectRedis, redisOptions } from "./redis-connection";

/** Seams for tests; production passes none. */
export interface StartWorkerOptions {
  prisma?: PrismaClient;
  /** The pipeline. @defaultValue {@link defaultAnalysisRunner} */
  runner?: AnalysisRunner;
  logger?: Logger;
}

/** A running worker process's workers. */
export interface RunningWorker {
  close(): Promise<void>;
}

/**
 * Starts the analysis worker (WORKER_CONCURRENCY jobs at once) and the maintenance worker, and
 * creates the default Job Schedulers when none exist. Any number of worker processes may share
 * one Redis; BullMQ's locks give each job to one of them, and stalled jobs of a killed worker
 * go to another.
 */
export async function startWorker(config: ApiConfig, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger(config.logLevel, "worker");
  // Before anything opens: a provider that cannot run here (INFERENCE_EXECUTION_PROVIDER=cuda
  // without CUDA) is a configuration error, so the worker refuses to start with nothing left to
  // close, rather than taking jobs only to fail each of them.
  const inference = resolveInference(config, logger);
  const ownRunner = options.runner === undefined;
  const runner = options.runner ?? defaultAnalysisRunner(config, inference.executionProvider);
  const { prisma, close: closeDb } = await openProcessDatabase(config, options.prisma);
  // A worker starts again after a crash: the runs a dead worker left unfinished are closed now
  // when they are old enough, and at the next maintenance job otherwise.
  await sweepAbandonedMaintenanceRuns(prisma, logger, "worker start");
  const redis = connectRedis(config.redisUrl, true);
  const connection = redisOptions(config.redisUrl, true);
  const queues = createProcessQueues(config, logger, true);
  const uploads = new UploadService(redis, { dir: config.uploadDir, maxBytes: config.upload.maxBytes, ttlMinutes: config.upload.ttlMinutes, prefix: config.queuePrefix });
  const files = AnalysisFiles.inDataDir(config.dataDir);
  const sessions = new DbSessionStore(prisma, { ttlHours: config.session.ttlHours, idleMinutes: config.session.idleMinutes, databaseFile: config.databaseFile });
  // On the worker's connection, which holds a message while Redis is away and sends it when back.
  const changes = new AnalysisChangePublisher(redis, config.queuePrefix, logger);

  const analysisWorker = new Worker<AnalysisJobData>(
    ANALYSIS_QUEUE,
    createAnalysisProcessor({
      prisma,
      runner,
      logger,
      retentionDays: config.retention.videoDays,
      files,
      changes,
      logTimings: config.perfMonitoring === "detailed",
    }),
    { connection, prefix: config.queuePrefix, concurrency: config.worker.concurrency, lockDuration: config.worker.lockMs, stalledInterval: config.worker.stalledCheckMs },
  );
  const maintenanceWorker = new Worker<MaintenanceJobData>(
    MAINTENANCE_QUEUE,
    createMaintenanceProcessor({
      prisma,
      sessions,
      uploads,
      logger,
      purgeBatchSize: config.session.purgeBatchSize,
      archiveAfterDays: config.retention.archiveAnalysesAfterDays,
      files,
      retentionDays: config.retention.videoDays,
      databaseFile: config.databaseFile,
      backup: config.backup,
    }),
    { connection, prefix: config.queuePrefix, concurrency: 1 },
  );
  analysisWorker.on("failed", createAbandonedAnalysisHandler({ prisma, files, changes, retentionDays: config.retention.videoDays, logger }));
  for (const w of [analysisWorker, maintenanceWorker]) w.on("error", (error) => logger.error("worker error", { queue: w.name, error: error.message }));

  const existing = new Set((await queues.maintenance.getJobSchedulers(0, -1)).map((s) => s.key));
  const defaults = [
    ["session-purge", config.session.purgeEveryMinutes],
    ["analysis-archive", 24 * 60],
    ["upload-expiry", config.upload.ttlMinutes],
    // Also removes inputs left by a worker killed before it could (retention 0).
    ["input-retention", 24 * 60],
  ] as const;
  for (const [kind, minutes] of defaults) {
    if (!existing.has(kind)) await queues.maintenance.upsertJobScheduler(kind, { every: minutes * 60_000 }, { name: kind, data: {} });
  }
  // A cron pattern rather than an interval: an interval's first run is at once, and a backup
  // belongs at a quiet hour, not at every fresh start.
  if (config.backup.schedule !== null && !existing.has("database-backup")) {
    try {
      await queues.maintenance.upsertJobScheduler("database-backup", { pattern: config.backup.schedule }, { name: "database-backup", data: {} });
    } catch (error) {
      throw new ConfigError([`DATABASE_BACKUP_SCHEDULE: "${config.backup.schedule}" is not a cron pattern BullMQ accepts (${error instanceof Error ? error.message : String(error)})`]);
    }
  } else if (config.backup.schedule === null && existing.has("database-backup")) {
    // "off" is the operator's word (backups made another way, or none wanted): a schedule left from
    // an earlier start, or set on the maintenance page, would go on backing up regardless.
    await queues.maintenance.removeJobScheduler("database-backup");
    logger.info("database backups turned off: removed the backup schedule", { setting: "DATABASE_BACKUP_SCHEDULE=off" });
  }
  const { monitor } = createProcessMonitor(redis, config, "worker", logger);
  await monitor.start();
  const memory = startMemoryWatch(config, logger);
  logger.info("inference execution provider", {
    executionProvider: inference.executionProvider,
    requested: config.inference.executionProvider,
    reason: inference.reason,
    intraOpThreads: config.inference.intraOpThreads,
    cpuArena: config.inference.cpuArena,
    allowSpinning: config.inference.allowSpinning,
    poseInstances: config.inference.poseInstances,
    anomalyInstances: config.inference.anomalyInstances,
    ...(inference.executionProvider === "cuda" ? { deviceId: config.inference.deviceId, gpuMemLimitMb: config.inference.gpuMemLimitMb ?? null } : {}),
  });
  if (config.inference.warmUp) await warmUp(runner, logger);
  logger.info("worker started", { concurrency: config.worker.concurrency, profile: config.profile });
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await Promise.all([analysisWorker.close(), maintenanceWorker.close()]);
        // The models of a runner made here go with the worker; a runner passed in is its owner's.
        if (ownRunner && runner instanceof PipelineAnalysisRunner) await runner.options.modelCache?.dispose();
        memory.stop();
        await monitor.close();
        await queues.close();
        redis.disconnect();
        sessions.close();
        await closeDb();
      })();
      return closing;
    },
  };
}

/** INFERENCE_EXECUTION_PROVIDER resolved on this machine; an unusable explicit choice is logged (naming the variable) and thrown. */
function resolveInference(config: ApiConfig, logger: Logger): ResolvedExecutionProvider {
  try {
    return resolveExecutionProvider(config.inference.executionProvider);
  } catch (error) {
    const { message, hint } = error as { message?: string; hint?: string };
    logger.error(`INFERENCE_EXECUTION_PROVIDER=${config.inference.executionProvider} cannot run here; the worker does not start`, { error: message, hint });
    throw error;
  }
}

/** Loads the runner's models now (MODEL_WARMUP); a failure is logged and the worker runs on: the first analysis reports it. */
async function warmUp(runner: AnalysisRunner, logger: Logger): Promise<void> {
  if (!runner.warmUp) {
    logger.warn("MODEL_WARMUP is on but this analysis runner keeps no models; nothing was loaded");
    return;
  }
  const start = performance.now();
  try {
    await runner.warmUp();
    logger.info("models warmed up", { loadMs: Math.round(performance.now() - start) });
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    logger.error("model warm-up failed; the worker runs on and the first analysis will load the models again", {
      loadMs: Math.round(performance.now() - start),
      error: message ?? String(error),
      ...(code ? { code } : {}),
    });
  }
}

/**
 * The real pipeline with the configured pose models, memoising analyses when RESULT_CACHE_SIZE > 0;
 * with GMA_OPTIMIZATIONS the cached anomaly scorer batches the windows of concurrent analyses
 * together (dynamic batching). Its sessions get the INFERENCE_* settings; the provider is
 * resolved here unless the caller already did (`EXECUTION_PROVIDER_UNAVAILABLE` for a `cuda`
 * that cannot run) but nothing loads until the first analysis or
 * {@link PipelineAnalysisRunner.warmUp}.
 *
 * @param executionProvider - INFERENCE_EXECUTION_PROVIDER as already resolved (the worker's
 *   start-up does); passed on as cpu or cuda, so that the pose sessions, the scorer and what the
 *   cache reports agree.
 */
export function defaultAnalysisRunner(
  config: ApiConfig,
  executionProvider: "cpu" | "cuda" = resolveExecutionProvider(config.inference.executionProvider).executionProvider,
): PipelineAnalysisRunner {
  const size = config.caches.resultCacheSize;
  const { inference } = config;
  const sessions: SessionFactoryOptions = {
    executionProvider,
    deviceId: inference.deviceId,
    ...(inference.gpuMemLimitMb !== undefined ? { gpuMemLimitBytes: inference.gpuMemLimitMb * 2 ** 20 } : {}),
    intraOpNumThreads: inference.intraOpThreads,
    enableCpuMemArena: inference.cpuArena,
    allowSpinning: inference.allowSpinning,
  };
  // One entry is a whole pipeline's models (detector, landmark model, anomaly scorer), so
  // MODEL_CACHE_SIZE=1 keeps one pipeline loaded between analyses rather than reloading per job.
  const modelCache = new ModelCache<PipelineModelSet>({ name: "pipeline-models", maxModels: config.caches.modelCacheSize, executionProvider });
  return new PipelineAnalysisRunner({
    modelsDir: config.modelsDir,
    ...(config.anomalyModelDir ? { anomalyModelDir: config.anomalyModelDir } : {}),
    modelCache,
    sessionOptions: sessions,
    // Denormal flushing is the scorer's default and stays on either way.
    anomalyOptions: { ...sessions, dynamicBatching: config.optimizations, instances: inference.anomalyInstances },
    poseInstances: inference.poseInstances,
    ...(size > 0 ? { resultCache: new ResultCache({ name: "analyses", maxSize: size }) } : {}),
  });
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const worker = await startWorker(loadConfig());
  const stop = () => void worker.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
