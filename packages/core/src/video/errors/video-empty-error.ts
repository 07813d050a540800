import { GmaError } from "../../errors/gma-error";

/** The video holds no frames. */
export class VideoEmptyError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "VIDEO_EMPTY";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(VideoEmptyError.CODE, message, { hint: options.hint ?? "Check that the recording actually captured footage and that the whole file was copied.", cause: options.cause, isUserError: true });
  }
}
