export { ModelCardInvalidError, InferenceFailedError } from "./errors";
export { ModelCardSchema, parseModelCard, loadModelCard, modelFilePath, modelVariantFor, modelTrainingData, ModelTrainingDataSchema } from "./model-card";
export type { ModelCard, ModelVariant, ModelTrainingData } from "./model-card";
export { loadModelCardCached } from "./load-model-card-cached";
export { modelEvaluation } from "./model-evaluation";
export type {
  ModelEvaluation,
  WindowLevelEvaluation,
  WindowClassEvaluation,
  RecordingLevelEvaluation,
  WindowSpecificityEvaluation,
  WeightsVariantEvaluation,
  RecordingClassEvaluation,
  RecordingRate,
  MisratedRecording,
  EvaluatedRiskLevel,
  Interval95,
} from "./model-evaluation";
export { AutoencoderScorer, anomalyFlags, autoencoderSessionOptions } from "./autoencoder";
export type { WindowScorer, WindowScores, ScoreContext, AutoencoderMeta, AutoencoderOptions, ResolvedAutoencoderOptions, ScoreProgress } from "./autoencoder";
export { WindowAnomalyScorer } from "./window-anomaly-scorer";
export { HybridScoringSchema, hybridScores, scoringPeriod } from "./hybrid-scoring";
export type { HybridScoring, HybridScores, ScoreKind, ScoringPeriod } from "./hybrid-scoring";
export { windowMovementFeatures, windowFeatureMatrix, WINDOW_FEATURE_NAMES, LIMB_TIPS } from "./window-movement-features";
export type { WindowMovementFeatures, WindowFeatureName } from "./window-movement-features";
export { loadAnomalyModel, anomalyModelEntry } from "./load-anomaly-model";
export type { LoadAnomalyModelOptions } from "./load-anomaly-model";
