import { GmaError } from "../../errors/gma-error";

/** onnxruntime failed while scoring windows (a wrong input shape, a broken model, out of memory). */
export class InferenceFailedError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "INFERENCE_FAILED";

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(InferenceFailedError.CODE, message, {
      hint: "This is an internal failure, not a problem with the video: check that the model matches its card (window size, 75 values per frame) and retry.",
      cause: options.cause,
      isUserError: false,
    });
  }
}
