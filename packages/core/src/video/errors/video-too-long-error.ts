import { GmaError } from "../../errors/gma-error";

/** The video is longer than the configured limit. */
export class VideoTooLongError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "VIDEO_TOO_LONG";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(VideoTooLongError.CODE, message, { hint: options.hint ?? "Trim the recording to the few minutes in which the infant lies calm and awake, then analyse the trimmed file.", cause: options.cause, isUserError: true });
  }
}
