export { ModelCardInvalidError, InferenceFailedError } from "./errors";
export { ModelCardSchema, parseModelCard, loadModelCard, modelFilePath } from "./model-card";
export type { ModelCard, ModelVariant } from "./model-card";
export { AutoencoderScorer, anomalyFlags, autoencoderSessionOptions } from "./autoencoder";
export type { WindowScorer, AutoencoderMeta, AutoencoderOptions, ScoreProgress } from "./autoencoder";
export { loadAnomalyModel, anomalyModelEntry } from "./load-anomaly-model";
export type { LoadAnomalyModelOptions } from "./load-anomaly-model";
