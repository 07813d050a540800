import { GmaError } from "@gma/core";

/** One field of the caller's input is not acceptable (the API maps it to `BAD_USER_INPUT`). */
export class InvalidInputError extends GmaError {
  constructor(readonly field: string, message: string, hint?: string) {
    super("INVALID_INPUT", message, { hint: hint ?? `Correct the ${field} and try again.` });
  }
}
