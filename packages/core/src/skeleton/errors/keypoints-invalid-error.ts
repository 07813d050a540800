import { GmaError } from "../../errors/gma-error";

/** Imported keypoints do not match a supported format; the message names the row and field. */
export class KeypointsInvalidError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "KEYPOINTS_INVALID";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(KeypointsInvalidError.CODE, message, { hint: options.hint ?? "Fix the named row or field, or check the file against docs/keypoint-formats.md.", cause: options.cause, isUserError: true });
  }
}
