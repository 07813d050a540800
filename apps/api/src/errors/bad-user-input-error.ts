import { GmaError } from "@gma/core";

/** The input is well-typed but invalid (a malformed cursor, an out-of-range number...). */
export class BadUserInputError extends GmaError {
  constructor(message = "The input is not valid.", options: { hint?: string; cause?: unknown } = {}) {
    super("BAD_USER_INPUT", message, { hint: options.hint ?? "Correct the input and try again.", cause: options.cause, isUserError: true });
  }
}
