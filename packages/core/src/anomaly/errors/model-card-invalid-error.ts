import { GmaError } from "../../errors/gma-error";

/** A model card is missing, unreadable or lacks a field the analysis needs. */
export class ModelCardInvalidError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "MODEL_CARD_INVALID";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(ModelCardInvalidError.CODE, message, {
      hint: "Restore packages/core/models/anomaly from the repository, or run `npm run train` to rebuild the model and its card.",
      cause: options.cause,
      isUserError: false,
    });
  }
}
