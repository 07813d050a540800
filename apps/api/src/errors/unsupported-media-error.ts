import { GmaError } from "@gma/core";

/** The uploaded bytes are not a video that ffprobe can read. */
export class UnsupportedMediaError extends GmaError {
  constructor(message = "The file is not a supported video.", options: { hint?: string; cause?: unknown } = {}) {
    super("UNSUPPORTED_MEDIA", message, { hint: options.hint ?? "Upload an MP4, MOV, AVI, MKV or WebM video.", cause: options.cause, isUserError: true });
  }
}
