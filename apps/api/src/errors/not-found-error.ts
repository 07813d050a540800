import { GmaError } from "@gma/core";

/** The target does not exist or is not visible to the caller (never reveals which). */
export class NotFoundError extends GmaError {
  constructor(message = "Not found.", options: { hint?: string; cause?: unknown } = {}) {
    super("NOT_FOUND", message, { hint: options.hint ?? "Check the id; it may have been deleted.", cause: options.cause, isUserError: true });
  }
}
