export { POSE_VARIANTS, DEFAULT_WEIGHT_PRECISION, modelFileName, MANIFEST_FILE } from "./model-files";
export type { PoseVariant, PoseNetwork } from "./model-files";
export { CONVERTER_VERSION } from "./models-manifest";
export type { ModelsManifest, ManifestModel } from "./models-manifest";
export { verifyModels, readModelsManifest, sha256File } from "./verify-models";
export type { VerifyModelsOptions } from "./verify-models";
