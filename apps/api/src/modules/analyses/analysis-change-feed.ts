import type { Redis } from "ioredis";
import { ServerShuttingDownError } from "../../errors/server-shutting-down-error";
import type { Logger } from "../../logger";
import { AnalysisChangePublisher } from "./analysis-change-publisher";
import { AnalysisWatch } from "./analysis-watch";

/** How often a watch reads while notifications cannot arrive: the subscription's old poll. */
export const DISCONNECTED_POLL_MS = 250;

/** Options of {@link AnalysisChangeFeed}. */
export interface AnalysisChangeFeedOptions {
  /** Redis key prefix (GMA_QUEUE_PREFIX), naming the channel. */
  prefix: string;
  /** Milliseconds between reads while notifications arrive (GRAPHQL_SUBSCRIPTION_FALLBACK_MS). */
  fallbackMs: number;
  /** Milliseconds between reads while they cannot. @defaultValue {@link DISCONNECTED_POLL_MS} */
  disconnectedPollMs?: number;
  logger: Logger;
}

/**
 * The analysis changes this API process hears ({@link AnalysisChangePublisher}'s messages), fanned
 * out to the subscriptions that watch each analysis. One Redis connection per process, made at
 * the first watch (a subscribed connection can do nothing else, hence a `duplicate()` of the
 * API's), whatever the number of subscriptions.
 *
 * A message only wakes a watch: its subscription then reads the row, the truth. A message can be
 * lost (published while this connection was down or reconnecting, or Redis restarted between),
 * so a watch also wakes every `fallbackMs`, and every {@link DISCONNECTED_POLL_MS} while the
 * connection is not subscribed; every watch wakes when the connection goes down or comes back,
 * so that it reads what it may have missed and waits at the pace that now applies.
 */
export class AnalysisChangeFeed {
  private subscriber: Redis | undefined;
  private subscribed = false;
  private closed = false;
  private readonly watches = new Map<string, Set<AnalysisWatch>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: AnalysisChangeFeedOptions,
  ) {
    if (!(options.fallbackMs > 0)) throw new RangeError(`AnalysisChangeFeed: fallbackMs must be positive, got ${options.fallbackMs}`);
  }

  /** Whether notifications reach this process now (the connection is up and subscribed). */
  get listening(): boolean {
    return this.subscribed;
  }

  /** Milliseconds a watch waits for a notification before it reads anyway, as things stand now. */
  get waitMs(): number {
    return this.subscribed ? this.options.fallbackMs : (this.options.disconnectedPollMs ?? DISCONNECTED_POLL_MS);
  }

  /**
   * Starts watching `analysisId`: the watch wakes on its changes until {@link AnalysisWatch.close}.
   * Take it before the first read, so that a change written between that read and the first wait
   * is not missed. Refused with SHUTTING_DOWN once the feed is closed.
   */
  watch(analysisId: string): AnalysisWatch {
    if (this.closed) throw new ServerShuttingDownError();
    this.connect();
    const watch = new AnalysisWatch(analysisId, { waitMs: () => this.waitMs, onClose: (w) => this.forget(w) });
    let set = this.watches.get(analysisId);
    if (!set) this.watches.set(analysisId, (set = new Set()));
    set.add(watch);
    return watch;
  }

  private forget(watch: AnalysisWatch): void {
    const set = this.watches.get(watch.analysisId);
    if (!set?.delete(watch)) return;
    if (set.size === 0) this.watches.delete(watch.analysisId);
  }

  /**
   * Ends every watch (their subscriptions end at their next wait, at once when waiting), refuses
   * new ones and closes the connection. Part of the API's drain.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscribed = false;
    for (const set of [...this.watches.values()]) for (const watch of [...set]) watch.close();
    this.subscriber?.disconnect();
  }

  private connect(): void {
    if (this.subscriber) return;
    const channel = AnalysisChangePublisher.channel(this.options.prefix);
    // Subscribed here on every (re)connection rather than by ioredis, so that this feed knows
    // when messages can arrive again.
    const subscriber = this.redis.duplicate({ autoResubscribe: false, connectionName: `${this.options.prefix}:analysis-changes` });
    this.subscriber = subscriber;
    subscriber.on("error", (error: Error) => this.options.logger.debug("analysis change feed connection error", { error: error.message }));
    subscriber.on("message", (_channel: string, analysisId: string) => this.wake(analysisId));
    subscriber.on("ready", () => {
      subscriber.subscribe(channel).then(
        // Ready again by the time the reply came: messages arrive from now on.
        () => subscriber.status === "ready" && !this.closed && this.setSubscribed(true),
        (error: unknown) => this.options.logger.warn("analysis change feed not subscribed; subscriptions poll", { error: error instanceof Error ? error.message : String(error) }),
      );
    });
    subscriber.on("close", () => this.setSubscribed(false));
  }

  private setSubscribed(subscribed: boolean): void {
    if (this.subscribed === subscribed) return;
    this.subscribed = subscribed;
    if (!this.closed) this.options.logger.info(subscribed ? "analysis change feed subscribed" : "analysis change feed disconnected; subscriptions poll until it is back");
    for (const set of this.watches.values()) for (const watch of set) watch.wake();
  }

  private wake(analysisId: string): void {
    for (const watch of this.watches.get(analysisId) ?? []) watch.wake();
  }
}
