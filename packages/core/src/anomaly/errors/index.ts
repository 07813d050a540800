export { ModelCardInvalidError } from "./model-card-invalid-error";
export { InferenceFailedError } from "./inference-failed-error";
