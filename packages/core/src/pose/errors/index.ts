export { ModelConversionError } from "./model-conversion-error";
export { ModelsMissingError } from "./models-missing-error";
export { ModelsCorruptError } from "./models-corrupt-error";
