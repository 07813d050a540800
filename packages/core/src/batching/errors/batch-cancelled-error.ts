import { GmaError } from "../../errors/gma-error";

/** The caller aborted the work through its AbortSignal. */
export class BatchCancelledError extends GmaError {
  constructor(what: string, reason?: unknown) {
    super("BATCH_CANCELLED", `${what} was cancelled`, { hint: "Nothing to do: the caller asked for the cancellation.", cause: reason, isUserError: true });
  }
}
