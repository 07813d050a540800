import { GmaError } from "@gma/core";

/**
 * The API process is shutting down and starts nothing new: a subscribe sent on a socket the
 * drain is closing, or one whose resolver ran after the drain began. Reaches clients as
 * SERVICE_UNAVAILABLE, with this code as `reason`.
 */
export class ServerShuttingDownError extends GmaError {
  constructor() {
    super("SHUTTING_DOWN", "The API is shutting down and takes no new subscriptions.", {
      hint: "Subscribe again once reconnected: another API process, or this one restarted, serves it.",
      isUserError: false,
    });
  }
}
