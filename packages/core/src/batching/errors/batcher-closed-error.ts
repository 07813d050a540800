import { GmaError } from "../../errors/gma-error";

/** The dynamic batcher was closed before the request could run. */
export class BatcherClosedError extends GmaError {
  constructor(batcher: string) {
    super("BATCHER_CLOSED", `"${batcher}" is shutting down and takes no more requests`, {
      hint: "The service is stopping: retry against a running instance.",
      isUserError: false,
    });
  }
}
