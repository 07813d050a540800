import { GmaError } from "@gma/core";

/** Another account already uses this email (the API maps it to `CONFLICT`). */
export class EmailTakenError extends GmaError {
  constructor(readonly email: string, options: { cause?: unknown } = {}) {
    super("EMAIL_TAKEN", `An account with the email ${email} already exists.`, {
      hint: "Use a different email, or update the existing account instead.",
      cause: options.cause,
    });
  }
}
