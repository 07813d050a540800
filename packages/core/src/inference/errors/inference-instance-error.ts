import { GmaError } from "../../errors/gma-error";

/**
 * A run on a worker-thread model instance failed: onnxruntime refused the inputs, or the
 * instance's thread died under it. The pool replaces a dead instance, so a retry can succeed.
 */
export class InferenceInstanceError extends GmaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("INFERENCE_INSTANCE_FAILED", message, {
      hint: "Check the inputs' names, types and shapes against the model; if a worker thread died, see the log for why (memory limits are the usual cause) and retry.",
      isUserError: false,
      ...options,
    });
  }
}
