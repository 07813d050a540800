import { GmaError } from "../../errors/gma-error";

/** Even a batch of one item ran out of memory. */
export class BatchOutOfMemoryError extends GmaError {
  constructor(cause: unknown) {
    super("BATCH_OUT_OF_MEMORY", "processing ran out of memory even one item at a time", {
      hint: "Free memory (stop other work, lower the model count) or run on a machine with more RAM or GPU memory.",
      cause,
      isUserError: false,
    });
  }
}
