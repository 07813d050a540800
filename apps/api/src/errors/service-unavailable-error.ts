import { GmaError } from "@gma/core";

/**
 * A backing service (Redis: queues, uploads, rate limits) does not answer. Not the caller's
 * fault, and usually brief: clients should retry after a moment.
 */
export class ServiceUnavailableError extends GmaError {
  constructor(service: string, options: { cause?: unknown } = {}) {
    super("SERVICE_UNAVAILABLE", `${service} is unreachable at the moment.`, {
      hint: "Try again in a few seconds; if it persists, the operator should check that Redis is running.",
      isUserError: false,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}
