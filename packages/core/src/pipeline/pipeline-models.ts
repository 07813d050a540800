import { statSync } from "node:fs";
import path from "node:path";
import type { InferenceSession } from "onnxruntime-node";
import type { ModelCache, ModelLoader } from "../cache";
import { loadModelCardCached, modelFilePath, WindowAnomalyScorer, type AutoencoderOptions, type ModelCard } from "../anomaly";
import { createSessionFactory, instanceSessionOptions, SessionInstancePool, type SessionFactoryOptions } from "../inference";
import { modelFileName, runPosePool, runPoseSession, verifyModels, type PoseModelLoader, type PoseVariant, type WeightPrecision } from "../pose";

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
  readonly poseSessions: {
    readonly executionProvider: "cpu" | "cuda";
    readonly sessionOptions: Readonly<InferenceSession.SessionOptions>;
    /** Worker-thread instances per pose model beside the calling thread's session (0: none). */
    readonly instances: number;
    /** The options of the instances' sessions, when there are instances. */
    readonly instanceSessionOptions?: Readonly<InferenceSession.SessionOptions>;
  };
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
   * Worker-thread instances of each pose model ({@link SessionInstancePool}) beside its session
   * on the calling thread. onnxruntime-node computes on the thread that calls it, so analyses
   * running at once on one set take turns frame by frame there; while more than one analysis
   * uses the set, their frames go to the instances instead and compute side by side. An analysis
   * alone keeps the calling thread's session, which has every thread (one analysis's frames
   * follow one another, so instances could not help it). Give as many as analyses run at once
   * (the worker: WORKER_CONCURRENCY); with `sessionOptions.intraOpNumThreads` 0 the CPUs are
   * shared out among them. p1-concurrent-analyses measures it. Not part of the cache key.
   * @defaultValue 0
   */
  poseInstances?: number;
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
 * loader reports the files' sizes as the set's resident bytes (once per worker-thread instance:
 * each holds its own copy).
 */
export function pipelineModelsEntry(options: PipelineModelsOptions): { key: string; loader: ModelLoader<PipelineModelSet> } {
  const variant = options.variant ?? "full";
  // Cached: this runs for every analysis, and only a changed card needs parsing again.
  const card: ModelCard = loadModelCardCached(options.anomalyModelDir);
  const key = `pipeline:${path.resolve(options.modelsDir)}:${variant}:${options.precision ?? "default"}:${card.modelVersion}`;
  const loader: ModelLoader<PipelineModelSet> = async (ctx) => {
    const manifest = await verifyModels(options.modelsDir, { models: [] });
    const precision = options.precision ?? manifest.defaultPrecision;
    const files = [modelFileName("detector", precision), modelFileName(variant, precision)].map((f) => path.join(options.modelsDir, f));
    await verifyModels(options.modelsDir, { models: [{ network: "detector", precision }, { network: variant, precision }] });
    const factory = createSessionFactory(options.sessionOptions ?? {});
    const instances = options.poseInstances ?? 0;
    if (!Number.isInteger(instances) || instances < 0) throw new RangeError(`poseInstances must be an integer >= 0, got ${instances}`);
    const poolOptions = instances > 0 ? instanceSessionOptions(factory.sessionOptions, instances) : undefined;
    const sessions = new Map<string, InferenceSession>();
    const pools = new Map<string, SessionInstancePool>();
    const release = () => Promise.all([...sessions.values(), ...pools.values()].map((s) => s.release()));
    let scorer: WindowAnomalyScorer;
    try {
      for (const file of files) {
        sessions.set(path.resolve(file), await factory.create(file));
        if (poolOptions) pools.set(path.resolve(file), await SessionInstancePool.create(file, { instances, sessionOptions: poolOptions, name: `pose:${path.basename(file)}` }));
      }
      scorer = await WindowAnomalyScorer.fromModelCard(card, options.anomalyOptions ?? {});
    } catch (error) {
      await release();
      throw error;
    }
    // Each session and each instance holds its own copy of its model's weights.
    const anomalyCopies = Math.max(1, options.anomalyOptions?.instances ?? 0);
    // The file the scorer loaded: on CUDA a card serving int8 loads its fp32 export instead.
    const anomalyFile = modelFilePath(card, "served", scorer.autoencoder.executionProvider);
    ctx.setBytes((1 + instances) * files.reduce((n, f) => n + statSync(f).size, 0) + anomalyCopies * statSync(anomalyFile).size);
    /** Analyses using each pose model now (runners handed out and not yet released). */
    const active = new Map<string, number>();
    return {
      poseSessions: { executionProvider: factory.executionProvider, sessionOptions: factory.sessionOptions, instances, ...(poolOptions ? { instanceSessionOptions: poolOptions } : {}) },
      poseLoader: {
        load: async (file) => {
          const key = path.resolve(file);
          const session = sessions.get(key);
          if (!session) throw new RangeError(`this pipeline model set holds ${[...sessions.keys()].join(", ")}, not ${file}`);
          const pool = pools.get(key);
          active.set(key, (active.get(key) ?? 0) + 1);
          let released = false;
          return {
            // An analysis alone runs on the calling thread's session with every thread; while
            // others run too, frames go to the instances, so the analyses compute side by side.
            run: (input, dims, outputs) => (pool && active.get(key)! > 1 ? runPosePool(pool, input, dims, outputs) : runPoseSession(session, input, dims, outputs)),
            release: async () => {
              if (released) return;
              released = true;
              active.set(key, active.get(key)! - 1);
            },
          };
        },
      },
      scorer,
      windowStride: card.windowStride ?? 1,
      modelVersion: card.modelVersion,
      release: async () => {
        await Promise.all([release(), scorer.release()]);
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
