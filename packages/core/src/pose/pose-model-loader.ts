import path from "node:path";
import type { InferenceSession } from "onnxruntime-node";
import { Tensor } from "onnxruntime-node";
import type { ModelCache } from "../cache";
import { createSessionFactory, onnxModelLoader, type SessionFactory, type SessionFactoryOptions } from "../inference";
import type { SessionInstancePool } from "../inference/session-instance-pool";

/** One loaded network: runs a single float32 NHWC input and returns the named outputs. */
export interface PoseModelRunner {
  /**
   * @param outputs - the outputs to compute and return; every output of the model when absent.
   * Naming a subset lets onnxruntime skip the nodes only the other outputs need.
   */
  run(input: Float32Array, dims: readonly number[], outputs?: readonly string[]): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

/**
 * Opens a model file as a {@link PoseModelRunner}. The seam where sessions come from: a plain
 * session per file, the shared {@link ModelCache}, or a fake in tests of pure logic.
 */
export interface PoseModelLoader {
  load(file: string): Promise<PoseModelRunner>;
}

/**
 * Runs one float32 input through a pose session and returns its outputs by name: those named in
 * `outputs`, or all of them when it is absent. onnxruntime executes only the nodes the fetched
 * outputs depend on, so a subset is cheaper (the landmark model's segmentation and heatmap heads).
 */
export async function runPoseSession(
  session: InferenceSession,
  input: Float32Array,
  dims: readonly number[],
  outputs?: readonly string[],
): Promise<Record<string, Float32Array>> {
  const feeds = { [session.inputNames[0]!]: new Tensor("float32", input, dims) };
  return floatOutputs(await (outputs ? session.run(feeds, outputs) : session.run(feeds)));
}

/**
 * {@link runPoseSession} on worker-thread instances: the first free instance runs the input (a
 * copy of it), so frames of analyses running at once compute in parallel.
 */
export async function runPosePool(pool: SessionInstancePool, input: Float32Array, dims: readonly number[], outputs?: readonly string[]): Promise<Record<string, Float32Array>> {
  return floatOutputs(await pool.run({ [pool.inputNames[0]!]: { type: "float32", data: input, dims } }, outputs));
}

/** A run's outputs by name as the float32 arrays the pose models return. */
function floatOutputs(results: Record<string, { data: unknown }>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(results)) out[name] = tensor.data as Float32Array;
  return out;
}

/** One onnxruntime session per file, created by the core session factory and owned by the runner. */
export class OrtPoseModelLoader implements PoseModelLoader {
  private readonly factory: SessionFactory;

  /** @param source - a session factory, or options for one (execution provider, threads). */
  constructor(source: SessionFactory | SessionFactoryOptions = {}) {
    this.factory = "create" in source ? source : createSessionFactory(source);
  }

  async load(file: string): Promise<PoseModelRunner> {
    const session = await this.factory.create(file);
    return {
      run: (input, dims, outputs) => runPoseSession(session, input, dims, outputs),
      release: () => session.release(),
    };
  }
}

/**
 * Sessions borrowed from a shared {@link ModelCache} for each run, keyed by the model file, so
 * the cache's memory budget and eviction apply to the pose models too. The cache owns the
 * sessions: `release()` of a runner leaves them to it. Size the cache for two models (detector
 * and landmark model alternate whenever a track is lost).
 */
export class CachedPoseModelLoader implements PoseModelLoader {
  constructor(
    private readonly cache: ModelCache<InferenceSession>,
    private readonly factory: SessionFactory = createSessionFactory(),
  ) {}

  async load(file: string): Promise<PoseModelRunner> {
    const key = `pose:${path.resolve(file)}`;
    const loader = onnxModelLoader(file, this.factory);
    // Load now so that a missing or broken file fails at create time, not on the first frame.
    (await this.cache.acquire(key, loader)).release();
    return {
      run: (input, dims, outputs) => this.cache.withModel(key, loader, (session) => runPoseSession(session, input, dims, outputs)),
      release: async () => undefined,
    };
  }
}
