import { GmaError } from "@gma/core";

/** A request or upload body exceeded its configured limit. */
export class PayloadTooLargeError extends GmaError {
  constructor(message = "The upload is larger than allowed.", options: { hint?: string; cause?: unknown } = {}) {
    super("PAYLOAD_TOO_LARGE", message, { hint: options.hint ?? "Trim or compress the video and upload it again.", cause: options.cause, isUserError: true });
  }
}
