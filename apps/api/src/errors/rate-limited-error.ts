import { GmaError } from "@gma/core";

/** Too many attempts (logins) from one account or address within the window. */
export class RateLimitedError extends GmaError {
  /** Seconds until another attempt may succeed. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message = "Too many attempts.") {
    super("RATE_LIMITED", message, { hint: `Wait ${retryAfterSeconds} s and try again.`, isUserError: true });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
