import { statSync } from "node:fs";
import path from "node:path";
import type { InferenceSession } from "onnxruntime-node";
import type { ModelCache, ModelLoader } from "../cache";
import { loadModelCardCached, modelFilePath, WindowAnomalyScorer, type AutoencoderOptions, type ModelCard } from "../anomaly";
import { createSessionFactory, type SessionFactoryOptions } from "../inference";
import { modelFileName, runPoseSession, verifyModels, type PoseModelLoader, type PoseVariant, type WeightPrecision } from "../pose";

/**
 * Every model one analysis needs, loaded together: the pose detector, the landmark model and
 * the anomaly scorer. A worker keeps these sets in a {@link ModelCache} so that analyses after
 * the first skip the loads; one set is one cache entry, so the production cache size of 1
 * ("one model in memory") keeps one whole pipeline resident instead of evicting the detector
 * each time the landmark model runs.
 */
export interface PipelineModelSet {
  /** Hands the set's pose sessions to a `PoseEstimator` (`pose.loader`); releasing its runners leaves them loaded. */
  readonly poseLoader: PoseModelLoader;
  /**
   * The provider the pose sessions run on and the onnxruntime options they were created with
   * (onnxruntime cannot report them back); the scorer's are on `scorer.autoencoder`.
   */
  readonly poseSessions: { readonly executionProvider: "cpu" | "cuda"; readonly sessionOptions: Readonly<InferenceSession.SessionOptions> };
  /** The anomaly model with its scoring constants (pass as `model`). */
  readonly scorer: WindowAnomalyScorer;
  /** The model card's window stride (pass as `windowStride`: a given `model` does not imply it). */
  readonly windowStride: number;
  /** Model version of the scorer. */
  readonly modelVersion: string;
  /** Frees every session of the set (the model cache calls it on eviction). */
  release(): Promise<void>;
}

/** What a {@link PipelineModelSet} is made of. */
export interface PipelineModelsOptions {
  /** Pose models prepared by set-up. */
  modelsDir: string;
  /** Anomaly model card folder. */
  anomalyModelDir: string;
  /** Landmark model size. @defaultValue "full" */
  variant?: PoseVariant;
  /** Pose weight storage. @defaultValue the manifest's default (fp16) */
  precision?: WeightPrecision;
  /**
   * Session options of the pose models (execution provider, threads, arena). They are not part
   * of the cache key: one cache should hold sets of one configuration (a worker's).
   * @defaultValue the session factory's (`auto` provider)
   */
  sessionOptions?: SessionFactoryOptions;
  /**
   * Options of the anomaly scorer (batch size, execution provider, threads, arena, denormals);
   * not part of the cache key either.
   * @defaultValue the scorer's (CPU provider)
   */
  anomalyOptions?: AutoencoderOptions;
}

/**
 * Cache key and loader of the model set for {@link ModelCache.withModel}: the key names the
 * pose files and the anomaly model version, so new weights never collide with old ones; the
 * loader reports the files' sizes as the set's resident bytes (the anomaly model's once per
 * worker-thread instance: each holds its own copy).
 */
export function pipelineModelsEntry(options: PipelineModelsOptions): { key: string; loader: ModelLoader<PipelineModelSet> } {
  const variant = options.variant ?? "full";
  // Cached: this runs for every analysis, and only a changed card needs parsing again.
  const card: ModelCard = loadModelCardCached(options.anomalyModelDir);
  const anomalyFile = modelFilePath(card);
  const key = `pipeline:${path.resolve(options.modelsDir)}:${variant}:${options.precision ?? "default"}:${card.modelVersion}`;
  const loader: ModelLoader<PipelineModelSet> = async (ctx) => {
    const manifest = await verifyModels(options.modelsDir, { models: [] });
    const precision = options.precision ?? manifest.defaultPrecision;
    const files = [modelFileName("detector", precision), modelFileName(variant, precision)].map((f) => path.join(options.modelsDir, f));
    await verifyModels(options.modelsDir, { models: [{ network: "detector", precision }, { network: variant, precision }] });
    const factory = createSessionFactory(options.sessionOptions ?? {});
    const sessions = new Map<string, InferenceSession>();
    let scorer: WindowAnomalyScorer;
    try {
      for (const file of files) sessions.set(path.resolve(file), await factory.create(file));
      scorer = await WindowAnomalyScorer.fromModelCard(card, options.anomalyOptions ?? {});
    } catch (error) {
      await Promise.all([...sessions.values()].map((s) => s.release()));
      throw error;
    }
    const anomalyCopies = Math.max(1, options.anomalyOptions?.instances ?? 0);
    ctx.setBytes(files.reduce((n, f) => n + statSync(f).size, 0) + anomalyCopies * statSync(anomalyFile).size);
    return {
      poseSessions: { executionProvider: factory.executionProvider, sessionOptions: factory.sessionOptions },
      poseLoader: {
        load: async (file) => {
          const session = sessions.get(path.resolve(file));
          if (!session) throw new RangeError(`this pipeline model set holds ${[...sessions.keys()].join(", ")}, not ${file}`);
          return { run: (input, dims, outputs) => runPoseSession(session, input, dims, outputs), release: async () => undefined };
        },
      },
      scorer,
      windowStride: card.windowStride ?? 1,
      modelVersion: card.modelVersion,
      release: async () => {
        await Promise.all([...[...sessions.values()].map((s) => s.release()), scorer.release()]);
      },
    };
  };
  return { key, loader };
}

/** Runs `fn` with the model set of `options` from `cache`, loading it on first use and keeping it from eviction until `fn` ends. */
export function withPipelineModels<R>(cache: ModelCache<PipelineModelSet>, options: PipelineModelsOptions, fn: (models: PipelineModelSet) => Promise<R>): Promise<R> {
  const { key, loader } = pipelineModelsEntry(options);
  return cache.withModel(key, loader, fn);
}
