import { GmaError } from "../../errors/gma-error";

/**
 * A keypoint file states one frame rate and its user gave another (`gma analyze --fps`): one of
 * the two is wrong, and reading the file at either rate could misjudge every movement's speed,
 * so neither is chosen silently.
 */
export class KeypointsFpsConflictError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "KEYPOINTS_FPS_CONFLICT";

  constructor(message: string, options: { hint?: string } = {}) {
    super(KeypointsFpsConflictError.CODE, message, { ...(options.hint === undefined ? {} : { hint: options.hint }), isUserError: true });
  }
}
