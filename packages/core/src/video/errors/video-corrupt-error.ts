import { GmaError } from "../../errors/gma-error";

/** The file looks like a video but cannot be decoded to the end: damaged or truncated (an interrupted upload or copy). */
export class VideoCorruptError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "VIDEO_CORRUPT";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(VideoCorruptError.CODE, message, { hint: options.hint ?? "Copy or export the video again from the camera or phone, and analyse the complete file.", cause: options.cause, isUserError: true });
  }
}
