export { ExecutionProviderUnavailableError } from "./execution-provider-unavailable-error";
export { ModelLoadError } from "./model-load-error";
export { InferenceInstanceError } from "./inference-instance-error";
export { SessionPoolClosedError } from "./session-pool-closed-error";
