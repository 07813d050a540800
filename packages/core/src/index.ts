// Public face of @gma/core. Each concern lives in its own folder with an index.ts;
// re-export them here as they land.
export * from "./errors";
export * from "./bench";
export * from "./skeleton";
export * from "./video";
export * from "./synthetic";
export * from "./pose";
export * from "./analysis";
export * from "./anomaly";
export * from "./cache";
export * from "./batching";
export * from "./perf";
export * from "./memory";
export * from "./inference";
export * from "./report";
export * from "./pipeline";
