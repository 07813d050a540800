export { CacheRegistry } from "./cache-registry";
export type { RegisteredCache } from "./cache-registry";
export { ModelCache, getModelCacheRegistry } from "./model-cache";
export type { ModelCacheOptions, ModelCacheStats, ModelLease, ModelLoader, ModelLoadContext, ResidentModelStats } from "./model-cache";
export { ResultCache, cacheResult, getResultCache, getResultCacheRegistry } from "./result-cache";
export type { ResultCacheOptions, ResultCacheStats } from "./result-cache";
export { stableHash } from "./stable-hash";
