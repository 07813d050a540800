import { statSync } from "node:fs";
import type { ModelCache, ModelLoader } from "../cache";
import type { AutoencoderOptions } from "./autoencoder";
import { loadModelCard, modelFilePath, type ModelCard, type ModelVariant } from "./model-card";
import { WindowAnomalyScorer } from "./window-anomaly-scorer";

/** Options of {@link loadAnomalyModel}: the scorer's, plus which weights to serve. */
export interface LoadAnomalyModelOptions extends AutoencoderOptions {
  /**
   * Which file of the card to load.
   * @defaultValue "served"
   */
  variant?: ModelVariant;
}

/**
 * Cache key and loader of an anomaly model, for `ModelCache.get`, `acquire` or `withModel`
 * (the last keeps the session alive until a run ends). The key holds the model version and
 * variant, so new weights never collide with old ones; the loader declares the size of the file
 * it loaded as the model's resident bytes, once per worker-thread instance (each holds a copy).
 */
export function anomalyModelEntry(card: ModelCard | string, options: LoadAnomalyModelOptions = {}): { key: string; loader: ModelLoader<WindowAnomalyScorer> } {
  const c = typeof card === "string" ? loadModelCard(card) : card;
  const variant = options.variant ?? "served";
  return {
    // Every option that changes the session or the scorer is in the key, so differently configured scorers never share an entry.
    key: `anomaly:${c.modelVersion}:${variant}:${options.batchSize ?? 64}:${options.intraOpNumThreads ?? 0}:${options.flushDenormals !== false}:${options.executionProvider ?? "cpu"}:${options.deviceId ?? 0}:${options.enableCpuMemArena !== false}:${options.allowSpinning === true}:${options.instances ?? 0}:${options.dynamicBatching === true}`,
    loader: async (ctx) => {
      const scorer = await WindowAnomalyScorer.fromModelCard(c, options);
      // The file the scorer loaded (on CUDA a card serving int8 loads its fp32 export).
      const file = modelFilePath(c, variant, scorer.autoencoder.executionProvider);
      ctx.setBytes(Math.max(1, scorer.autoencoder.options.instances) * statSync(file).size);
      return scorer;
    },
  };
}

/**
 * The anomaly model of a card (the product's scorer: autoencoder + scoring constants), through
 * `modelCache` when given (loaded once, shared), else freshly loaded.
 */
export async function loadAnomalyModel(card: ModelCard | string, options: LoadAnomalyModelOptions & { modelCache?: ModelCache<WindowAnomalyScorer> } = {}): Promise<WindowAnomalyScorer> {
  const { modelCache, ...rest } = options;
  const { key, loader } = anomalyModelEntry(card, rest);
  if (modelCache) return modelCache.get(key, loader);
  const c = typeof card === "string" ? loadModelCard(card) : card;
  return WindowAnomalyScorer.fromModelCard(c, rest);
}
