export { ExecutionProviderUnavailableError } from "./execution-provider-unavailable-error";
export { ModelLoadError } from "./model-load-error";
