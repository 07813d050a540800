import { GmaError } from "../../errors/gma-error";

/** The video's file size or frame size is over the configured limit. */
export class VideoTooLargeError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "VIDEO_TOO_LARGE";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(VideoTooLargeError.CODE, message, { hint: options.hint ?? "Trim the recording or export it at a lower resolution (1080p is plenty), then analyse the new file.", cause: options.cause, isUserError: true });
  }
}
