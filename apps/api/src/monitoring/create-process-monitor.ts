import type { Redis } from "ioredis";
import type { ApiConfig } from "../env";
import type { Logger } from "../logger";
import { ProcessMonitor } from "./process-monitor";
import { SnapshotStore } from "./snapshot-store";

/**
 * The snapshot store and this process's monitor, configured from {@link ApiConfig}; with
 * PERF_MONITORING=off the monitor publishes nothing and the process records no timings.
 */
export function createProcessMonitor(redis: Redis, config: ApiConfig, role: "api" | "worker", logger: Logger) {
  const snapshotEveryMs = config.perf.snapshotSeconds * 1000;
  const store = new SnapshotStore(redis, {
    prefix: config.queuePrefix,
    // Three missed publications before a process counts as gone.
    liveTtlMs: snapshotEveryMs * 3,
    historyRetentionMs: config.perf.historyHours * 3_600_000,
  });
  const monitor = new ProcessMonitor(redis, store, {
    role,
    prefix: config.queuePrefix,
    snapshotEveryMs,
    historyEveryMs: config.perf.historyEverySeconds * 1000,
    logger,
    enabled: config.perfMonitoring !== "off",
  });
  return { store, monitor };
}
