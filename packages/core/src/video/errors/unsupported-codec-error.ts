import { GmaError } from "../../errors/gma-error";

/** The video's codec cannot be decoded by the installed ffmpeg. */
export class UnsupportedCodecError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "UNSUPPORTED_CODEC";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(UnsupportedCodecError.CODE, message, { hint: options.hint ?? "Re-encode the video to H.264 (for example: ffmpeg -i input -c:v libx264 output.mp4) or export it as mp4 from the phone.", cause: options.cause, isUserError: true });
  }
}
