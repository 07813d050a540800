import { GmaError } from "../../errors/gma-error";

/** A batch function returned a different number of results than it was given items. */
export class BatchResultMismatchError extends GmaError {
  constructor(expected: number, got: number) {
    super("BATCH_RESULT_MISMATCH", `the batch function returned ${got} results for ${expected} items`, {
      hint: "This is a bug in the batch function: it must return exactly one result per item, in order.",
      isUserError: false,
    });
  }
}
