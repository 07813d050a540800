import { GmaError } from "../../errors/gma-error";

/**
 * The default hint of {@link KeypointsInvalidError}: where the formats are described, as a path
 * in the repository. A message that names a frame, line or field says itself what to fix there.
 */
export const KEYPOINT_FORMATS_HINT = "Check the file against the formats described in packages/core/docs/keypoint-formats.md.";

/** Imported keypoints do not match a supported format; the message names the row and field where there is one. */
export class KeypointsInvalidError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "KEYPOINTS_INVALID";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(KeypointsInvalidError.CODE, message, { hint: options.hint ?? KEYPOINT_FORMATS_HINT, cause: options.cause, isUserError: true });
  }
}
