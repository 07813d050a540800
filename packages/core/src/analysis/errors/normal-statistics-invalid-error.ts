import { GmaError } from "../../errors/gma-error";

/** A normal-statistics file (or the block of a model card) does not have the expected shape. */
export class NormalStatisticsInvalidError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "NORMAL_STATISTICS_INVALID";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(NormalStatisticsInvalidError.CODE, message, {
      hint: "Restore the file from the repository (packages/core/data) or re-run training to regenerate the model card.",
      cause: options.cause,
      isUserError: false,
    });
  }
}
