import { GmaError } from "@gma/core";

/** The request carries no valid session cookie or bearer token. */
export class UnauthenticatedError extends GmaError {
  constructor(message = "Not signed in, or the session has expired.", options: { hint?: string; cause?: unknown } = {}) {
    super("UNAUTHENTICATED", message, { hint: options.hint ?? "Sign in again.", cause: options.cause, isUserError: true });
  }
}
