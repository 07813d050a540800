export { convertGraphModel } from "./convert-graph-model";
export type { ConvertOptions } from "./convert-graph-model";
export { loadTfjsGraphModel, decodeWeights } from "./tfjs-graph-model";
export type { TfjsGraphModel, TfNode, TfConst, TfSignatureEntry } from "./tfjs-graph-model";
export { WEIGHT_PRECISIONS } from "./weight-precision";
export type { WeightPrecision } from "./weight-precision";
export { float16ToFloat32, float32ToFloat16 } from "./float16";
export { prepareModels } from "./prepare-models";
export type { PrepareModelsOptions, PrepareModelsResult } from "./prepare-models";
