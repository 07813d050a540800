import { GmaError } from "@gma/core";

/**
 * The credentials were right but the account is deactivated. Only raised after the password
 * verified, so it reveals nothing to someone who does not know the password.
 */
export class UserInactiveError extends GmaError {
  constructor() {
    super("USER_INACTIVE", "This account has been deactivated.", {
      hint: "Ask an administrator to reactivate the account.",
    });
  }
}
