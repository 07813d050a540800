import {
  Histogram,
  PROMETHEUS_CONTENT_TYPE,
  getPerformanceMonitor,
  mergeSnapshots,
  mergeTimings,
  renderPrometheus,
  type HistogramSnapshot,
  type OptimizeMemoryReport,
  type PerformanceSnapshot,
  type SnapshotSource,
} from "@gma/core";
import type { Redis } from "ioredis";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import { broadcastCommand, type ControlReply, type ProcessMonitor } from "../../monitoring/process-monitor";
import type { SnapshotStore } from "../../monitoring/snapshot-store";
import type { Queues } from "../../queue/queues";

/** Options of {@link PerformanceService}. */
export interface PerformanceServiceOptions {
  queues: Queues;
  redis: Redis;
  store: SnapshotStore;
  /** This API process's monitor (its own snapshot is always read fresh). */
  monitor: ProcessMonitor;
  /** Redis key prefix. */
  prefix: string;
  /**
   * How long a command sent to every process waits for their answers.
   * @defaultValue 5000
   */
  commandTimeoutMs?: number;
}

const toProcess = (s: SnapshotSource) => ({ pid: s.pid, host: s.host, role: s.role ?? null, takenAt: new Date(s.takenAt) });

function functionStats(timings: Record<string, HistogramSnapshot>) {
  return Object.entries(timings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, h]) => ({ name, ...Histogram.fromSnapshot(h).stats() }));
}

/**
 * A Job Scheduler's run that has not been tried yet: waiting for its time, not work. A run that
 * failed and waits out its backoff is a retry, work like any other delayed job.
 */
function isNextScheduledRun(job: { repeatJobKey?: string; attemptsMade: number } | undefined): boolean {
  return Boolean(job?.repeatJobKey) && job!.attemptsMade === 0;
}

/** Performance data of the whole installation: this API process plus every process's latest snapshot in Redis. */
export class PerformanceService {
  private readonly commandTimeoutMs: number;

  constructor(private readonly options: PerformanceServiceOptions) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
  }

  /**
   * Counts of each queue. A Job Scheduler (the maintenance schedules) keeps its next run as a
   * delayed job; that run is counted as `scheduled`, not `delayed`, so that waiting + active +
   * delayed is the work there is to do, and a quiet installation does not show the schedules as
   * a backlog.
   */
  async queueStats() {
    const { queues } = this.options;
    return Promise.all(
      [queues.analysis, queues.maintenance].map(async (queue) => {
        const [counts, workers, schedulers] = await Promise.all([
          queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized"),
          queue.getWorkersCount(),
          queue.getJobSchedulersCount(),
        ]);
        // Only a queue with schedulers has such runs; its delayed jobs are a handful (one per
        // scheduler, and retries waiting out their backoff), so they are read to tell them apart.
        const scheduled = schedulers > 0 ? (await queue.getDelayed()).filter(isNextScheduledRun).length : 0;
        return {
          name: queue.name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: Math.max(0, (counts.delayed ?? 0) - scheduled),
          scheduled,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          workers,
        };
      }),
    );
  }

  /** The latest snapshot of every live process, this one's taken now. */
  async snapshots(): Promise<PerformanceSnapshot[]> {
    const own = this.options.monitor.snapshot();
    return [own, ...(await this.otherSnapshots(own.sources[0]!))];
  }

  /** The latest published snapshot of every live process but `self`. */
  private async otherSnapshots(self: SnapshotSource): Promise<PerformanceSnapshot[]> {
    return (await this.options.store.live()).filter((s) => !s.sources.some((src) => src.pid === self.pid && src.host === self.host));
  }

  async memory() {
    const snapshots = await this.snapshots();
    const own = snapshots[0]!.memory.process;
    const gpus = mergeSnapshots(snapshots).memory.gpus;
    return {
      rssBytes: own.rss,
      heapUsedBytes: own.heapUsed,
      heapTotalBytes: own.heapTotal,
      externalBytes: own.external,
      arrayBuffersBytes: own.arrayBuffers,
      processes: snapshots.map((s) => ({
        process: toProcess(s.sources[0]!),
        rssBytes: s.memory.process.rss,
        heapUsedBytes: s.memory.process.heapUsed,
        heapTotalBytes: s.memory.process.heapTotal,
        externalBytes: s.memory.process.external,
        arrayBuffersBytes: s.memory.process.arrayBuffers,
      })),
      gpus: gpus.map((g) => ({ host: g.host, index: g.index, name: g.name, usedBytes: g.usedBytes, totalBytes: g.totalBytes, freeBytes: g.freeBytes })),
    };
  }

  async performanceStats() {
    // Timings only: this process's full snapshot also reads its memory and every cache's stats,
    // which this query does not show and which made up most of its own cost (p6 profile).
    const self = this.options.monitor.source;
    const processes = [{ source: self, timings: getPerformanceMonitor().snapshot() }, ...(await this.otherSnapshots(self)).map((s) => ({ source: s.sources[0]!, timings: s.timings }))];
    return {
      takenAt: new Date(Math.max(...processes.map((p) => p.source.takenAt))),
      aggregated: functionStats(mergeTimings(processes.map((p) => p.timings))),
      processes: processes.map((p) => ({ process: toProcess(p.source), functions: functionStats(p.timings) })),
    };
  }

  async history(from: Date, to: Date, limit: number) {
    if (!(from.getTime() <= to.getTime())) throw new BadUserInputError("range.from must not be after range.to.");
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new BadUserInputError("limit must be between 1 and 5000.");
    const entries = await this.options.store.history(from.getTime(), to.getTime(), limit);
    return entries.map((e) => ({
      takenAt: new Date(e.takenAt),
      process: toProcess(e.source),
      functions: Object.entries(e.functions)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, stats]) => ({ name, ...stats })),
      rssBytes: e.memory.rss,
      heapUsedBytes: e.memory.heapUsed,
    }));
  }

  async modelCaches() {
    const snapshots = await this.snapshots();
    const merged = mergeSnapshots(snapshots);
    return Object.values(merged.modelCaches).map((c) => ({
      name: c.name,
      processes: snapshots.filter((s) => c.name in s.modelCaches).length,
      hits: c.hits,
      misses: c.misses,
      loads: c.loads,
      loadFailures: c.loadFailures,
      loadTimeMs: c.loadTimeMs,
      evictions: c.evictions,
      residentModels: c.residentModels,
      residentBytes: c.residentBytes,
      models: c.models,
      executionProviders: c.executionProviders,
    }));
  }

  async modelInstances() {
    const snapshots = await this.snapshots();
    const merged = mergeSnapshots(snapshots);
    // Snapshots of processes older than instance pools have no instancePools.
    return Object.values(merged.instancePools ?? {}).map((p) => ({ ...p, processes: snapshots.filter((s) => p.name in (s.instancePools ?? {})).length }));
  }

  async resultCaches() {
    const snapshots = await this.snapshots();
    const merged = mergeSnapshots(snapshots);
    return Object.values(merged.resultCaches).map((c) => ({
      name: c.name,
      processes: snapshots.filter((s) => c.name in s.resultCaches).length,
      hits: c.hits,
      misses: c.misses,
      coalesced: c.coalesced,
      evictions: c.evictions,
      expirations: c.expirations,
      errors: c.errors,
      size: c.size,
      maxSize: c.maxSize,
      ttlMs: c.ttl,
      hitRate: c.hits + c.misses === 0 ? null : c.hits / (c.hits + c.misses),
    }));
  }

  /** Zeroes the timings and cache counters of every process. */
  async reset() {
    const { receivers, replies } = await broadcastCommand(this.options.redis, this.options.prefix, "reset-stats", this.commandTimeoutMs);
    this.options.store.invalidateLive();
    return { receivers, processes: replies.map(commandResult) };
  }

  /** Evicts idle models, clears result caches and runs the GC in every process. */
  async optimizeMemory() {
    const { receivers, replies } = await broadcastCommand(this.options.redis, this.options.prefix, "optimize-memory", this.commandTimeoutMs);
    this.options.store.invalidateLive();
    return {
      receivers,
      processes: replies.map((r) => {
        const report = r.result as OptimizeMemoryReport | undefined;
        return {
          ...commandResult(r),
          freedRssBytes: report?.freed.rss ?? 0,
          freedHeapUsedBytes: report?.freed.heapUsed ?? 0,
          freedGpuBytes: report?.freed.gpuUsedBytes ?? 0,
          evictedModels: report?.evictedModels ?? [],
          clearedEntries: report?.clearedCaches.reduce((n, c) => n + c.entries, 0) ?? 0,
          gcRan: report?.gcRan ?? false,
        };
      }),
    };
  }

  /** Prometheus text: queue gauges, live process count per role, and every process's snapshot merged. */
  async metricsText(): Promise<{ contentType: string; text: string }> {
    const [queues, snapshots] = await Promise.all([this.queueStats(), this.snapshots()]);
    const lines: string[] = [];
    const metric = (name: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    for (const state of ["waiting", "active", "delayed", "scheduled", "completed", "failed"] as const) {
      metric(`gma_queue_${state}_jobs`, `Jobs ${state} per queue.`, queues.map((q) => [`{queue="${q.name}"}`, q[state]]));
    }
    metric("gma_queue_workers", "Workers connected per queue.", queues.map((q) => [`{queue="${q.name}"}`, q.workers]));
    const roles = new Map<string, number>();
    for (const s of snapshots) for (const src of s.sources) roles.set(src.role ?? "process", (roles.get(src.role ?? "process") ?? 0) + 1);
    metric("gma_processes", "Live processes whose snapshots the figures below merge, by role.", [...roles].map(([role, n]) => [`{role="${role}"}`, n]));
    const merged = await renderPrometheus(mergeSnapshots(snapshots));
    return { contentType: PROMETHEUS_CONTENT_TYPE, text: lines.join("\n") + "\n\n" + merged };
  }
}

function commandResult(r: ControlReply) {
  return { process: toProcess(r.source), ok: r.ok, error: r.error ?? null };
}
