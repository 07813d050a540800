import { GmaError } from "../../errors/gma-error";

/** Neither a system ffmpeg nor the bundled @ffmpeg-installer binary could be run. */
export class FfmpegUnavailableError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "FFMPEG_UNAVAILABLE";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(FfmpegUnavailableError.CODE, message, { hint: options.hint ?? "Install ffmpeg (apt-get install ffmpeg) or reinstall the dependencies so that @ffmpeg-installer/ffmpeg is present.", cause: options.cause, isUserError: false });
  }
}
