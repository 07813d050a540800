import { GmaError } from "../../errors/gma-error";

/** The video holds no frames. */
export class VideoEmptyError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "VIDEO_EMPTY";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(VideoEmptyError.CODE, message, { hint: options.hint ?? "Check that the recording actually captured footage, then upload it again.", cause: options.cause, isUserError: true });
  }
}
