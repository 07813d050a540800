import { GmaError } from "../../errors/gma-error";

/** The dynamic batcher's queue is at capacity: the request was refused (backpressure). */
export class QueueFullError extends GmaError {
  constructor(batcher: string, maxQueueSize: number) {
    super("BATCH_QUEUE_FULL", `the "${batcher}" queue is full (${maxQueueSize} requests waiting)`, {
      hint: "The server is overloaded: retry after a short delay, or raise maxQueueSize if the machine has headroom.",
      isUserError: false,
    });
  }
}
