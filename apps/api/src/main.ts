import "reflect-metadata";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AccountServiceOptions, PrismaClient } from "@gma/db";
import { loadConfig, type ApiConfig } from "./env";
import { createLogger, type Logger } from "./logger";
import { createProcessQueues, openProcessDatabase } from "./process-resources";
import { createProcessMonitor } from "./monitoring/create-process-monitor";
import { startMemoryWatch } from "./monitoring/memory-watch";
import type { AnalysisRunner } from "./queue/analysis-runner";
import { PipelineAnalysisRunner } from "./queue/pipeline-analysis-runner";
import { connectRedis } from "./redis-connection";
import { buildApiSchema } from "./schema";
import { createApiServer } from "./server";
import { createServices, type ApiServices } from "./services";

/** Seams for tests and embedders; production passes none. */
export interface StartApiOptions {
  /** Use this Prisma client instead of opening `config.databaseFile` (the caller closes it). */
  prisma?: PrismaClient;
  /** Readiness probe of the models. @defaultValue a PipelineAnalysisRunner over `config.modelsDir` */
  runner?: AnalysisRunner;
  logger?: Logger;
  /** argon2 cost (tests lower it). */
  hashing?: AccountServiceOptions["hashing"];
}

/** A running API. */
export interface RunningApi {
  /** Base URL, e.g. http://127.0.0.1:4000 (GraphQL at /graphql). */
  url: string;
  services: ApiServices;
  /** Stops accepting requests, drains, closes queues, Redis and the database. */
  close(): Promise<void>;
}

/** Starts the API (migrating the database first) and resolves once it listens. */
export async function startApi(config: ApiConfig, options: StartApiOptions = {}): Promise<RunningApi> {
  const logger = options.logger ?? createLogger(config.logLevel, "api");
  const { prisma, close: closeDb } = await openProcessDatabase(config, options.prisma);
  const redis = connectRedis(config.redisUrl);
  redis.on("error", (error) => logger.warn("redis error", { error: error.message }));
  const queues = createProcessQueues(config, logger, false);
  const { monitor, store: snapshots } = createProcessMonitor(redis, config, "api", logger);
  const services = createServices({
    config,
    logger,
    prisma,
    redis,
    queues,
    monitor,
    snapshots,
    runner: options.runner ?? new PipelineAnalysisRunner({ modelsDir: config.modelsDir, ...(config.anomalyModelDir ? { anomalyModelDir: config.anomalyModelDir } : {}) }),
    ...(options.hashing ? { hashing: options.hashing } : {}),
  });
  const schema = await buildApiSchema();
  const { httpServer, apollo } = await createApiServer(services, schema);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  await monitor.start();
  const memory = startMemoryWatch(config, logger);
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  // Behind a proxy, operators reach the API at API_PUBLIC_URL, not at the address it binds.
  const shown = config.publicUrl?.replace(/\/+$/, "") ?? url;
  logger.info("API listening", { url: `${shown}/graphql`, profile: config.profile, board: `${shown}/admin/queues`, ...(config.publicUrl ? { bound: url } : {}) });
  let closing: Promise<void> | undefined;
  return {
    url,
    services,
    close() {
      closing ??= (async () => {
        await apollo.stop();
        memory.stop();
        await monitor.close();
        await queues.close();
        redis.disconnect();
        services.sessions.close();
        await closeDb();
      })();
      return closing;
    },
  };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const config = loadConfig();
  const api = await startApi(config);
  const stop = () => void api.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
