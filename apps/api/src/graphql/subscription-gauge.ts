import { getGaugeRegistry } from "@gma/core";

/** The Prometheus gauge of the GraphQL subscriptions open in the API processes. */
export const SUBSCRIPTIONS_ACTIVE_METRIC = "gma_graphql_subscriptions_active";

/**
 * Counts the subscriptions whose event streams are open in this process, for
 * {@link SUBSCRIPTIONS_ACTIVE_METRIC}: registered in @gma/core's gauge registry, it travels in
 * this process's performance snapshots, so that /metrics on any API process sums every
 * process's count.
 */
export class SubscriptionGauge {
  private open = 0;
  private readonly unregister: () => void;

  constructor() {
    this.unregister = getGaugeRegistry().register(SUBSCRIPTIONS_ACTIVE_METRIC, "GraphQL subscriptions (graphql-ws) whose event streams are open", () => this.open);
  }

  /** Open streams now. */
  get active(): number {
    return this.open;
  }

  /**
   * The same stream, counted from now until it ends: it completes or fails, or it is returned
   * (the client completed it, its socket closed, or the drain ended it).
   */
  track<T>(stream: AsyncGenerator<T, unknown, unknown>): AsyncGenerator<T, unknown, unknown> {
    this.open++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.open--;
    };
    const settle = async (step: Promise<IteratorResult<T, unknown>>) => {
      try {
        const result = await step;
        if (result.done) end();
        return result;
      } catch (error) {
        end();
        throw error;
      }
    };
    const tracked: AsyncGenerator<T, unknown, unknown> = {
      next: (...args) => settle(stream.next(...args)),
      return: (value) => {
        end();
        return stream.return(value);
      },
      throw: (error) => {
        end();
        return stream.throw(error);
      },
      [Symbol.asyncIterator]: () => tracked,
    };
    return tracked;
  }

  /** Stops counting in the snapshots (the API's drain). */
  close(): void {
    this.unregister();
  }
}
