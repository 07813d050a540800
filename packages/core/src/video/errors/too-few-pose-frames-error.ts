import { GmaError } from "../../errors/gma-error";

/** A person was found in too few frames for an analysis. */
export class TooFewPoseFramesError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "TOO_FEW_POSE_FRAMES";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(TooFewPoseFramesError.CODE, message, { hint: options.hint ?? "Keep the whole infant in frame and unobstructed for the whole recording (no blankets, hands or cropping), then record again.", cause: options.cause, isUserError: true });
  }
}
