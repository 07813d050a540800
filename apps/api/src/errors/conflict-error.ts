import { GmaError } from "@gma/core";

/** The operation conflicts with the current state (a duplicate email, a job already finished...). */
export class ConflictError extends GmaError {
  constructor(message = "This conflicts with existing data.", options: { hint?: string; cause?: unknown } = {}) {
    super("CONFLICT", message, { hint: options.hint ?? "Use another value or reload.", cause: options.cause, isUserError: true });
  }
}
