export { createSessionFactory, createInferenceSession, cudaProviderConfig, resolveExecutionProvider, resolveSessionOptions } from "./session-factory";
export type { SessionFactory, SessionFactoryOptions, ExecutionProviderChoice, ResolvedExecutionProvider } from "./session-factory";
export { detectExecutionProviders, hasNvidiaGpu } from "./execution-providers";
export type { ExecutionProviderSupport, ProviderAvailability } from "./execution-providers";
export { onnxModelLoader } from "./onnx-model-loader";
export { buildMlpModel } from "./onnx-builder";
export type { MlpModel, MlpModelOptions } from "./onnx-builder";
export * from "./errors";
