import { GmaError } from "@gma/core";

/** The change would leave the platform without any active administrator. */
export class LastAdminError extends GmaError {
  constructor() {
    super("LAST_ADMIN", "This is the last active administrator; the change would lock everyone out of administration.", {
      hint: "Promote or create another administrator first.",
    });
  }
}
