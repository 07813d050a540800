import { randomUUID } from "node:crypto";
import os from "node:os";
import { getPerformanceMonitor, getPerformanceSnapshot, optimizeMemory, resetPerformanceStats, getResultCacheRegistry, type PerformanceSnapshot, type SnapshotSource } from "@gma/core";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { SnapshotStore } from "./snapshot-store";

/** Commands every process obeys when an admin asks (through the API). */
export type ControlCommand = "reset-stats" | "optimize-memory";

/** One process's answer to a {@link ControlCommand}. */
export interface ControlReply {
  source: SnapshotSource;
  ok: boolean;
  /** The command's result (optimizeMemory's report), or the error message. */
  result?: unknown;
  error?: string;
}

/** Options of {@link ProcessMonitor}. */
export interface ProcessMonitorOptions {
  /** What this process is: `api` or `worker`. */
  role: string;
  /** Redis key prefix. */
  prefix: string;
  /** Milliseconds between live snapshots. */
  snapshotEveryMs: number;
  /** Milliseconds between history entries. */
  historyEveryMs: number;
  logger: Logger;
  /**
   * false (PERF_MONITORING=off): from `start()` until `close()` the process records no timings
   * (the core PerformanceMonitor is switched off) and publishes no snapshot or history; it still
   * obeys control commands.
   * @defaultValue true
   */
  enabled?: boolean;
}

/**
 * Makes one process visible to the others: publishes its performance snapshot to Redis
 * periodically and obeys control commands (reset the stats, give memory back) broadcast over
 * Redis pub/sub, replying into a per-request list that the asking API reads.
 */
export class ProcessMonitor {
  private readonly subscriber: Redis;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private readonly enabled: boolean;
  /** Whether the core monitor recorded before `start()` switched it off (restored on close). */
  private timingsBefore: boolean | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly store: SnapshotStore,
    private readonly options: ProcessMonitorOptions,
  ) {
    if (!(options.snapshotEveryMs > 0)) throw new RangeError(`ProcessMonitor: snapshotEveryMs must be positive, got ${options.snapshotEveryMs}`);
    if (!(options.historyEveryMs > 0)) throw new RangeError(`ProcessMonitor: historyEveryMs must be positive, got ${options.historyEveryMs}`);
    this.enabled = options.enabled ?? true;
    // A subscribed connection can do nothing else, hence its own.
    this.subscriber = redis.duplicate();
    this.subscriber.on("error", () => {});
  }

  /** Name of the control channel of an installation. */
  static channel(prefix: string): string {
    return `${prefix}:perf:control`;
  }

  /** This process's snapshot now. */
  snapshot(): PerformanceSnapshot {
    return getPerformanceSnapshot({ role: this.options.role });
  }

  /** This process as a snapshot source. */
  get source(): SnapshotSource {
    return { pid: process.pid, host: os.hostname(), role: this.options.role, takenAt: Date.now() };
  }

  /**
   * Publishes a first snapshot, then keeps publishing, and starts listening for commands (only
   * the latter when disabled).
   */
  async start(): Promise<void> {
    // Redis may be down when the process starts (or restart later): subscribe on every
    // (re)connection, and let the timers publish once it is back rather than failing the start.
    const channel = ProcessMonitor.channel(this.options.prefix);
    const subscribe = () => void this.subscriber.subscribe(channel).catch((error: unknown) => this.options.logger.warn("control channel unavailable", { error: String(error) }));
    this.subscriber.on("ready", subscribe);
    this.subscriber.on("message", (_channel, message) => void this.onCommand(message));
    if (this.subscriber.status === "ready") subscribe();
    if (!this.enabled) {
      const timings = getPerformanceMonitor();
      this.timingsBefore ??= timings.enabled;
      timings.setEnabled(false);
      return;
    }
    await this.publish(true).catch((error: unknown) => this.options.logger.warn("first snapshot not published", { error: String(error) }));
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => void fn().catch((error: unknown) => this.options.logger.debug("snapshot publish failed", { error: String(error) })), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.snapshotEveryMs, () => this.publish(false));
    every(this.options.historyEveryMs, () => this.store.appendHistory(this.snapshot()));
  }

  /** Publishes the live snapshot now (and a history entry when `history`). */
  async publish(history: boolean): Promise<void> {
    const snapshot = this.snapshot();
    await this.store.publishLive(snapshot);
    if (history) await this.store.appendHistory(snapshot);
  }

  private async onCommand(message: string): Promise<void> {
    let parsed: { command?: unknown; replyTo?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    const { command, replyTo } = parsed;
    if (typeof replyTo !== "string" || !replyTo.startsWith(`${this.options.prefix}:perf:reply:`)) return;
    const reply: ControlReply = { source: this.source, ok: true };
    try {
      if (command === "reset-stats") {
        resetPerformanceStats();
        for (const cache of getResultCacheRegistry().list()) cache.resetStats();
      } else if (command === "optimize-memory") {
        reply.result = await optimizeMemory();
      } else {
        throw new Error(`unknown command ${String(command)}`);
      }
      if (this.enabled) await this.publish(false);
    } catch (error) {
      reply.ok = false;
      reply.error = error instanceof Error ? error.message : String(error);
    }
    this.options.logger.info("control command", { command, ok: reply.ok });
    await this.redis.multi().rpush(replyTo, JSON.stringify(reply)).pexpire(replyTo, 60_000).exec();
  }

  /** Stops publishing and forgets this process's live snapshot; a disabled monitor gives timing back. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.subscriber.disconnect();
    if (this.timingsBefore !== undefined) getPerformanceMonitor().setEnabled(this.timingsBefore);
    await this.store.removeLive(this.source).catch(() => undefined);
  }
}

/**
 * Broadcasts a command to every process of the installation and collects their replies, waiting
 * until each process that received it answered or `timeoutMs` passed.
 */
export async function broadcastCommand(redis: Redis, prefix: string, command: ControlCommand, timeoutMs: number): Promise<{ receivers: number; replies: ControlReply[] }> {
  const replyTo = `${prefix}:perf:reply:${randomUUID()}`;
  const receivers = await redis.publish(ProcessMonitor.channel(prefix), JSON.stringify({ command, replyTo }));
  const replies: ControlReply[] = [];
  const deadline = Date.now() + timeoutMs;
  while (replies.length < receivers && Date.now() < deadline) {
    // Polling with a short sleep: BLPOP would need a connection of its own per request.
    const raw = await redis.lpop(replyTo);
    if (raw === null) await new Promise((r) => setTimeout(r, 20));
    else replies.push(JSON.parse(raw) as ControlReply);
  }
  await redis.del(replyTo);
  return { receivers, replies };
}
