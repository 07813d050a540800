import { GmaError } from "../../errors/gma-error";

/** A request waited and ran longer than its timeout; its result, if any comes, is dropped. */
export class BatchTimeoutError extends GmaError {
  constructor(batcher: string, timeoutMs: number) {
    super("BATCH_TIMEOUT", `the request to "${batcher}" did not complete within ${timeoutMs} ms`, {
      hint: "The server is overloaded or the model is slow: retry later, or raise the request timeout.",
      isUserError: false,
    });
  }
}
