import { migrateDatabase, openDatabase, type PrismaClient } from "@gma/db";
import type { ApiConfig } from "./env";
import type { Logger } from "./logger";
import { createQueues, type Queues } from "./queue/queues";
import { redisOptions } from "./redis-connection";

/** The database of an API or worker process, and how to close it (a no-op when the caller lent the client). */
export interface ProcessDatabase {
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * Opens `config.databaseFile`, applying pending migrations first, unless a client is given (tests
 * and embedders own theirs). Both the API and the worker migrate: either may start first.
 */
export async function openProcessDatabase(config: ApiConfig, prisma?: PrismaClient): Promise<ProcessDatabase> {
  if (prisma) return { prisma, close: async () => {} };
  await migrateDatabase(config.databaseFile);
  const handle = await openDatabase({ file: config.databaseFile });
  return { prisma: handle.prisma, close: () => handle.close() };
}

/** The analysis and maintenance queues with the retry settings from config, their connection errors logged at debug level. */
export function createProcessQueues(config: ApiConfig, logger: Logger, forWorker: boolean): Queues {
  const queues = createQueues({ connection: redisOptions(config.redisUrl, forWorker), prefix: config.queuePrefix, attempts: config.worker.attempts, backoffMs: config.worker.backoffMs });
  // BullMQ re-emits connection errors on the queues; without a listener Node prints each one.
  for (const q of [queues.analysis, queues.maintenance]) q.on("error", (error) => logger.debug("queue connection error", { queue: q.name, error: error.message }));
  return queues;
}
