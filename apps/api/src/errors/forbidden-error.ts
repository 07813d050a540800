import { GmaError } from "@gma/core";

/** The caller is signed in but the permission matrix denies the operation. */
export class ForbiddenError extends GmaError {
  constructor(message = "Your role may not do this.", options: { hint?: string; cause?: unknown } = {}) {
    super("FORBIDDEN", message, { hint: options.hint ?? "Ask an administrator for access.", cause: options.cause, isUserError: true });
  }
}
