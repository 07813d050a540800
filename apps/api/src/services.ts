import { AccountService, type AccountServiceOptions, type PrismaClient } from "@gma/db";
import type { Redis } from "ioredis";
import { DbSessionStore } from "./auth/db-session-store";
import { LoginRateLimiter } from "./auth/login-rate-limiter";
import type { SessionStore } from "./auth/session-store";
import type { ApiConfig } from "./env";
import type { Logger } from "./logger";
import type { ProcessMonitor } from "./monitoring/process-monitor";
import type { SnapshotStore } from "./monitoring/snapshot-store";
import { AnalysisChangeFeed } from "./modules/analyses/analysis-change-feed";
import { AnalysisChangePublisher } from "./modules/analyses/analysis-change-publisher";
import { AnalysisFiles } from "./modules/analyses/analysis-files";
import { AnalysisService } from "./modules/analyses/analysis.service";
import { AuditEventService } from "./modules/audit/audit-event.service";
import { AnalysisReviewService } from "./modules/reviews/analysis-review.service";
import { AuthService } from "./modules/auth/auth.service";
import { MaintenanceService } from "./modules/maintenance/maintenance.service";
import { AnomalyModelService } from "./modules/models/anomaly-model.service";
import { PatientService } from "./modules/patients/patient.service";
import { PerformanceService } from "./modules/performance/performance.service";
import { SessionAdminService } from "./modules/sessions/session.service";
import { UploadService } from "./modules/uploads/upload.service";
import { UserService } from "./modules/users/user.service";
import type { AnalysisRunner } from "./queue/analysis-runner";
import type { Queues } from "./queue/queues";

/** The Prisma client every service shares. */
export type Prisma = PrismaClient;

/** What {@link createServices} wires together. */
export interface ServiceDeps {
  config: ApiConfig;
  logger: Logger;
  prisma: Prisma;
  redis: Redis;
  queues: Queues;
  /** Readiness probe of the models; the worker's runner in a single-process set-up. */
  runner: AnalysisRunner;
  /** Publishes this process's snapshots and obeys control commands. */
  monitor: ProcessMonitor;
  /** Every process's snapshots and the history. */
  snapshots: SnapshotStore;
  /** argon2 cost; tests lower it. */
  hashing?: AccountServiceOptions["hashing"];
}

/** Builds the services of one API process from its connections. */
export function createServices(deps: ServiceDeps) {
  const { config, prisma, redis, queues } = deps;
  const accounts = new AccountService(prisma, deps.hashing ? { hashing: deps.hashing } : {});
  const sessions: SessionStore = new DbSessionStore(prisma, { ttlHours: config.session.ttlHours, idleMinutes: config.session.idleMinutes, databaseFile: config.databaseFile, readDirectly: true });
  const limiter = new LoginRateLimiter(redis, {
    prefix: config.queuePrefix,
    maxPerAccount: config.loginRateLimit.maxPerAccount,
    maxPerAddress: config.loginRateLimit.maxPerAddress,
    windowSeconds: config.loginRateLimit.windowSeconds,
  });
  const uploads = new UploadService(redis, { dir: config.uploadDir, maxBytes: config.upload.maxBytes, ttlMinutes: config.upload.ttlMinutes, prefix: config.queuePrefix });
  const analysisFiles = AnalysisFiles.inDataDir(config.dataDir);
  const analysisChangePublisher = new AnalysisChangePublisher(redis, config.queuePrefix, deps.logger);
  const analyses = new AnalysisService(prisma, queues, uploads, analysisFiles, () => deps.runner.currentModelVersion?.(), config.retention.videoDays, analysisChangePublisher);
  return {
    ...deps,
    accounts,
    sessions,
    auth: new AuthService(accounts, sessions, limiter),
    users: new UserService(prisma, accounts),
    sessionAdmin: new SessionAdminService(prisma, sessions),
    patients: new PatientService(prisma, (ids) => analyses.deleted(ids)),
    analyses,
    reviews: new AnalysisReviewService(prisma, analyses),
    audit: new AuditEventService(prisma),
    /** The analysis changes this process hears, for the progress subscriptions (one Redis connection, closed by the drain). */
    analysisChanges: new AnalysisChangeFeed(redis, { prefix: config.queuePrefix, fallbackMs: config.graphql.subscriptionFallbackMs, logger: deps.logger }),
    analysisFiles,
    uploads,
    maintenance: new MaintenanceService(prisma, queues, sessions, { databaseFile: config.databaseFile, dir: config.backup.dir, keep: config.backup.keep, schedule: config.backup.schedule }),
    anomalyModel: new AnomalyModelService(config.anomalyModelDir),
    performance: new PerformanceService({ queues, redis, store: deps.snapshots, monitor: deps.monitor, prefix: config.queuePrefix }),
  };
}

/** The services of one API process. */
export type ApiServices = ReturnType<typeof createServices>;
