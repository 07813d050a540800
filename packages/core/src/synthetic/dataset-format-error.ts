import { GmaError } from "../errors";

/** A window dataset file that is not in the documented format (wrong magic, truncated, inconsistent header). */
export class DatasetFormatError extends GmaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("DATASET_FORMAT_INVALID", message, {
      hint: "Regenerate the file with `tsx packages/core/src/synthetic/make-dataset.ts` or check that it was copied completely.",
      isUserError: true,
      ...options,
    });
  }
}
