import { GmaError } from "@gma/core";

/**
 * Sign-in failed. Deliberately the same for an unknown email and a wrong password, so that the
 * answer never reveals which accounts exist.
 */
export class InvalidCredentialsError extends GmaError {
  constructor() {
    super("INVALID_CREDENTIALS", "The email or password is not correct.", {
      hint: "Check the email and password and try again; ask an administrator to reset the password if needed.",
    });
  }
}
