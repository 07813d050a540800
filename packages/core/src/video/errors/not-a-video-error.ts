import { GmaError } from "../../errors/gma-error";

/** The file is not a video (text, a still image, audio only, or an unknown format). */
export class NotAVideoError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "NOT_A_VIDEO";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(NotAVideoError.CODE, message, { hint: options.hint ?? "Give the video file itself (mp4, mov, avi, mkv or webm), not a photo, document or audio recording.", cause: options.cause, isUserError: true });
  }
}
