import { GmaError } from "../../errors/gma-error";

/** onnxruntime could not create a session from a model file or buffer. */
export class ModelLoadError extends GmaError {
  constructor(source: string, cause: unknown) {
    super("MODEL_LOAD_FAILED", `could not load the ONNX model ${source}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: "Check that the model file exists, is a complete ONNX file (re-download or re-export it) and matches the installed onnxruntime-node.",
      cause,
      isUserError: false,
    });
  }
}
