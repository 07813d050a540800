import type { Redis } from "ioredis";
import type { Logger } from "../../logger";

/**
 * Tells every API process that an analysis's row changed (status, stage, progress, or the row
 * went), over Redis pub/sub, so that its `analysisProgress` subscriptions read the row now
 * rather than at their next fallback read ({@link AnalysisChangeFeed}). The message is the
 * analysis id alone, nothing clinical; the row stays the truth, so a message lost or sent twice
 * only delays or repeats a read.
 */
export class AnalysisChangePublisher {
  constructor(
    private readonly redis: Redis,
    /** Redis key prefix (GMA_QUEUE_PREFIX): installations sharing a Redis do not hear each other. */
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /**
   * The channel of an installation's analysis changes. Pub/sub channels ignore Redis's numbered
   * databases, so the prefix is what keeps installations apart.
   */
  static channel(prefix: string): string {
    return `${prefix}:analysis:changed`;
  }

  /**
   * Publishes that `analysisId` changed; call after the write is committed, so that whoever
   * reads on the message sees it. Neither waits nor throws: the write has happened whatever
   * Redis does, and a message that does not go out is made up for by the subscriptions'
   * fallback reads (a worker's connection holds it until Redis is back).
   */
  notify(analysisId: string): void {
    this.redis.publish(AnalysisChangePublisher.channel(this.prefix), analysisId).catch((error: unknown) => {
      this.logger.debug("analysis change not published", { analysisId, error: error instanceof Error ? error.message : String(error) });
    });
  }
}
