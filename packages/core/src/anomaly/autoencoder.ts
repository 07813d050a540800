import { basename } from "node:path";
import * as ort from "onnxruntime-node";
import type { NormalStatistics } from "../analysis";
import { DEFAULT_WINDOW_SIZE } from "../skeleton/default-window-size";
import { batchProcess, DynamicBatcher } from "../batching";
import { ModelLoadError } from "../inference/errors/model-load-error";
import { resolveSessionOptions, type ExecutionProviderChoice } from "../inference/session-factory";
import { instanceSessionOptions, SessionInstancePool } from "../inference/session-instance-pool";
import { InferenceFailedError } from "./errors/inference-failed-error";
import { ModelCardInvalidError } from "./errors/model-card-invalid-error";
import type { ScoreKind } from "./hybrid-scoring";
import { loadModelCard, modelFilePath, modelTrainingData, type ModelCard, type ModelTrainingData, type ModelVariant } from "./model-card";

/** Values per frame the model takes: 25 joints x (x, y, z). */
const FEATURES = 75;

/** Reports scoring progress: windows done out of the total. */
export type ScoreProgress = (done: number, total: number) => void;

/** What a scorer may need to know about the recording besides its windows. */
export interface ScoreContext {
  /** Corrected age of the infant in weeks: the hybrid score compares with normal movement of that period. */
  correctedAgeWeeks?: number | undefined;
}

/** Window scores with the parts they were made of. */
export interface WindowScores {
  /** Window anomaly score, on the scale of the scorer's threshold. */
  scores: Float32Array;
  /** The autoencoder's mean squared reconstruction error per window. */
  reconstructionErrors: Float32Array;
  /** Names of the score's parts ("reconstruction" first); one entry when the score is the error itself. */
  components: readonly string[];
  /** Index into `components` of the part that set each window's score. */
  drivers: Uint8Array;
}

/**
 * Anything that scores windows against a threshold: the product's {@link WindowAnomalyScorer}
 * (autoencoder + movement features), the bare autoencoder, or a fake in tests of the stages
 * around it.
 */
export interface WindowScorer {
  /** Identifies the weights and scoring constants (goes into reports and cache keys). */
  readonly modelVersion: string;
  /** Score above which a window is anomalous. */
  readonly threshold: number;
  /** Frames per window the model takes. */
  readonly windowSize: number;
  /** Normal statistics that came with the model, when it carries any. */
  readonly normalStatistics?: NormalStatistics | undefined;
  /**
   * What the scores are.
   * @defaultValue "reconstruction-error"
   */
  readonly scoreKind?: ScoreKind | undefined;
  /** What the model was trained and evaluated on (its card's `data`), when the card says. */
  readonly trainingData?: ModelTrainingData | undefined;
  /**
   * File name of the weights that score (`autoencoder.fp16.onnx`): one model version ships
   * float32 and compressed variants whose scores differ in the last digits, so reports name the
   * file and cache keys hold it.
   */
  readonly weightsFile?: string | undefined;
  /** Anomaly score of each of the first `count` windows. */
  scoreWindows(windows: Float32Array, count: number, onProgress?: ScoreProgress, context?: ScoreContext): Promise<Float32Array>;
  /** The scores with their parts; scorers without parts may leave it out. */
  scoreWindowsDetailed?(windows: Float32Array, count: number, onProgress?: ScoreProgress, context?: ScoreContext): Promise<WindowScores>;
}

/** What a scorer needs to know about its model besides the weights. */
export interface AutoencoderMeta {
  modelVersion: string;
  threshold: number;
  /** @defaultValue {@link DEFAULT_WINDOW_SIZE} (30) */
  windowSize?: number;
  normalStatistics?: NormalStatistics | undefined;
  /** What the model was trained and evaluated on (see {@link modelTrainingData}). */
  trainingData?: ModelTrainingData | undefined;
  /**
   * File name of the weights (see {@link WindowScorer.weightsFile}).
   * @defaultValue the file name of the model path; none for a model given as bytes
   */
  weightsFile?: string | undefined;
}

/** Options of {@link AutoencoderScorer}. */
export interface AutoencoderOptions {
  /**
   * Windows per onnxruntime run, or `"auto"` to size batches from free memory (up to 256).
   * Larger batches amortise the per-run overhead of the recurrent layers (issue 5's p2
   * benchmark measures the gain at 64). Either way a batch that runs out of memory is halved
   * and retried (`batchProcess`).
   * @defaultValue 64
   */
  batchSize?: number | "auto";
  /**
   * Threads onnxruntime uses inside one run; 0 lets it choose (with `instances`, 0 shares the
   * CPUs out among them).
   * @defaultValue 0
   */
  intraOpNumThreads?: number;
  /**
   * Model instances in worker threads ({@link SessionInstancePool}, Triton's instance count); 0
   * runs the one session on the calling thread. onnxruntime-node computes on the thread that
   * calls `run`, so with 0 batches take turns and block that thread's event loop while they run;
   * with N, up to N batches run at once: an analysis splits its windows among the instances, and
   * the dynamic batcher runs N batches at a time, sharing what is queued out among the free ones.
   * On the 2-core dev machine two one-thread instances scored four analyses at once 0.9-1.6x as
   * fast as one two-thread session (p3), but the event loop no longer stalls for tens of
   * milliseconds while windows score. Each instance costs a thread and a copy of the weights.
   * @defaultValue 0
   */
  instances?: number;
  /**
   * Flush denormal numbers to zero (`session.set_denormal_as_zero`). Recurrent state decays into
   * denormals, which made onnxruntime 45x slower on this kind of CPU (environment.md) while
   * changing outputs by less than 3e-8.
   * @defaultValue true
   */
  flushDenormals?: boolean;
  /**
   * Route every window through one {@link DynamicBatcher} per scorer, so that analyses running
   * at once (a worker with concurrency above 1 shares its cached scorer) fill batches together
   * and the session runs one batch at a time, as an accelerator wants. One analysis alone sends
   * the same batches either way: the batcher dispatches what was submitted in one turn as one
   * batch (up to `batchSize`, 256 for `"auto"`). Off runs each batch straight on the session.
   *
   * Off by default because on CPU it does not pay: the analyses already send full batches, and
   * without `instances` batches run one at a time either way. p3-dynamic-batching measures both
   * (4 analyses at once: about 5-8 % slower through the batcher on the 2-core dev machine, on a
   * stage that is about 1 % of an analysis). The worker turns it on with GMA_OPTIMIZATIONS.
   * @defaultValue false
   */
  dynamicBatching?: boolean;
  /**
   * Which execution provider runs the model, resolved as the session factory resolves it
   * (`resolveSessionOptions`): `auto` takes CUDA where usable and CPU otherwise; `cuda` fails
   * with `EXECUTION_PROVIDER_UNAVAILABLE` where CUDA cannot run.
   *
   * CPU by default, the scorer's behaviour before the provider could be chosen, so that library
   * callers (benchmarks, the CLI, training checks) keep the path they were written against; the
   * worker passes INFERENCE_EXECUTION_PROVIDER.
   * @defaultValue "cpu"
   */
  executionProvider?: ExecutionProviderChoice;
  /**
   * CUDA device ordinal (with a CUDA provider only).
   * @defaultValue 0
   */
  deviceId?: number;
  /**
   * CUDA arena limit in bytes (`gpu_mem_limit`), with the session factory's caveat: onnxruntime-node
   * 1.30's binding reads only `deviceId` from the CUDA entry.
   * @defaultValue unset (no limit)
   */
  gpuMemLimitBytes?: number;
  /**
   * onnxruntime's CPU memory arena: faster repeated runs, memory held until the session is released.
   * @defaultValue true
   */
  enableCpuMemArena?: boolean;
  /**
   * Let onnxruntime's intra-op threads busy-wait between pieces of work (the session factory's
   * `allowSpinning`: off, since spinning threads starve other processes on the same cores).
   * @defaultValue false
   */
  allowSpinning?: boolean;
}

/** {@link AutoencoderOptions} after validation: every default filled in but the optional GPU limit. */
export type ResolvedAutoencoderOptions = Required<Omit<AutoencoderOptions, "gpuMemLimitBytes">> & { gpuMemLimitBytes: number | undefined };

/** Largest batch `"auto"` may choose (batchProcess's own cap). */
const AUTO_MAX_BATCH = 256;

/**
 * The provider an autoencoder session runs on and the onnxruntime options it is created with: the
 * session factory's resolution (provider fallback, threads, arenas, denormal flushing), with the
 * scorer's own default of the CPU provider.
 */
function resolveAutoencoderSession(options: AutoencoderOptions): { executionProvider: "cpu" | "cuda"; sessionOptions: ort.InferenceSession.SessionOptions } {
  const { executionProvider = "cpu", deviceId, gpuMemLimitBytes, intraOpNumThreads, enableCpuMemArena, flushDenormals, allowSpinning } = options;
  return resolveSessionOptions({ executionProvider, deviceId, gpuMemLimitBytes, intraOpNumThreads, enableCpuMemArena, flushDenormals, allowSpinning });
}

/**
 * Session options every autoencoder session is created with. Throws `EXECUTION_PROVIDER_UNAVAILABLE`
 * for `executionProvider: "cuda"` where CUDA cannot run.
 */
export function autoencoderSessionOptions(options: AutoencoderOptions = {}): ort.InferenceSession.SessionOptions {
  return resolveAutoencoderSession(options).sessionOptions;
}

function validateOptions(options: AutoencoderOptions): ResolvedAutoencoderOptions {
  const o = {
    batchSize: 64 as number | "auto",
    intraOpNumThreads: 0,
    instances: 0,
    flushDenormals: true,
    dynamicBatching: false,
    executionProvider: "cpu" as ExecutionProviderChoice,
    deviceId: 0,
    gpuMemLimitBytes: undefined as number | undefined,
    enableCpuMemArena: true,
    allowSpinning: false,
    ...options,
  };
  if (o.batchSize !== "auto" && (!Number.isInteger(o.batchSize) || o.batchSize < 1)) throw new RangeError(`batchSize must be a positive integer, got ${o.batchSize}`);
  if (!Number.isInteger(o.instances) || o.instances < 0) throw new RangeError(`instances must be a non-negative integer, got ${o.instances}`);
  if (!Number.isInteger(o.intraOpNumThreads) || o.intraOpNumThreads < 0) throw new RangeError(`intraOpNumThreads must be a non-negative integer, got ${o.intraOpNumThreads}`);
  if (!Number.isInteger(o.deviceId) || o.deviceId < 0) throw new RangeError(`deviceId must be an integer >= 0, got ${o.deviceId}`);
  if (o.gpuMemLimitBytes !== undefined && !(o.gpuMemLimitBytes > 0)) throw new RangeError(`gpuMemLimitBytes must be > 0, got ${o.gpuMemLimitBytes}`);
  return o;
}

/**
 * Scores windows with the ONNX movement autoencoder: input [B, windowSize, 75] float32, output
 * the reconstruction of the same shape, error = mean squared difference per window. Windows go
 * through in batches of `batchSize`, each a view on the caller's buffer (no copy).
 *
 * This is the reconstruction-error part of the product's score; analyses use
 * {@link WindowAnomalyScorer}, which adds the movement features.
 *
 * With `instances` the session is a {@link SessionInstancePool} of worker-thread instances instead.
 *
 * `release()` frees the session, so a ModelCache can hold scorers and evict them.
 */
export class AutoencoderScorer implements WindowScorer {
  readonly scoreKind = "reconstruction-error" as const;
  readonly modelVersion: string;
  readonly threshold: number;
  readonly windowSize: number;
  readonly normalStatistics: NormalStatistics | undefined;
  readonly trainingData: ModelTrainingData | undefined;
  readonly weightsFile: string | undefined;
  /** The validated options in force. */
  readonly options: Readonly<ResolvedAutoencoderOptions>;
  /** The provider the session runs on (`auto` resolved). */
  readonly executionProvider: "cpu" | "cuda";
  /** The onnxruntime options the session was created with (onnxruntime cannot report them back). */
  readonly sessionOptions: Readonly<ort.InferenceSession.SessionOptions>;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly batcher: DynamicBatcher<Float32Array, number> | undefined;
  private released = false;

  private constructor(
    /** The one in-process session, or the worker-thread instances. */
    private readonly session: ort.InferenceSession | SessionInstancePool,
    meta: AutoencoderMeta,
    options: ResolvedAutoencoderOptions,
    resolved: { executionProvider: "cpu" | "cuda"; sessionOptions: ort.InferenceSession.SessionOptions },
  ) {
    this.executionProvider = resolved.executionProvider;
    this.sessionOptions = resolved.sessionOptions;
    this.modelVersion = meta.modelVersion;
    this.threshold = meta.threshold;
    this.windowSize = meta.windowSize ?? DEFAULT_WINDOW_SIZE;
    this.normalStatistics = meta.normalStatistics;
    this.trainingData = meta.trainingData;
    this.weightsFile = meta.weightsFile;
    this.options = options;
    const input = session.inputNames[0];
    const output = session.outputNames[0];
    if (input === undefined || output === undefined) throw new ModelCardInvalidError(`the model ${meta.modelVersion} has no input or no output`);
    this.inputName = input;
    this.outputName = output;
    if (options.dynamicBatching) {
      const maxBatchSize = options.batchSize === "auto" ? AUTO_MAX_BATCH : options.batchSize;
      this.batcher = new DynamicBatcher<Float32Array, number>({
        name: `anomaly:${meta.modelVersion}`,
        maxBatchSize,
        // Analyses submit whole batches and wait for them, so the queue holds at most a few
        // batches per analysis running; the bound only guards against a runaway caller.
        maxQueueSize: 64 * maxBatchSize,
        maxConcurrentBatches: Math.max(1, options.instances),
        execute: (windows) => this.errorsOf(windows),
      });
    }
  }

  /** Creates a scorer from an ONNX file path or its bytes. */
  static async create(model: string | Uint8Array, meta: AutoencoderMeta, options: AutoencoderOptions = {}): Promise<AutoencoderScorer> {
    if (!(meta.threshold > 0)) throw new RangeError(`threshold must be positive, got ${meta.threshold}`);
    const o = validateOptions(options);
    const resolved = resolveAutoencoderSession(o);
    if (meta.weightsFile === undefined && typeof model === "string") meta = { ...meta, weightsFile: basename(model) };
    const source = typeof model === "string" ? model : `(${model.byteLength} bytes)`;
    const unloadable = (cause: unknown) =>
      new ModelCardInvalidError(`cannot load the anomaly model ${source}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    if (o.instances > 0) {
      const sessionOptions = instanceSessionOptions(resolved.sessionOptions, o.instances);
      try {
        const pool = await SessionInstancePool.create(model, { instances: o.instances, sessionOptions, name: `anomaly:${meta.modelVersion}` });
        return new AutoencoderScorer(pool, meta, o, { executionProvider: resolved.executionProvider, sessionOptions });
      } catch (cause) {
        throw unloadable(cause instanceof ModelLoadError && cause.cause !== undefined ? cause.cause : cause);
      }
    }
    const { sessionOptions } = resolved;
    let session: ort.InferenceSession;
    try {
      session = typeof model === "string" ? await ort.InferenceSession.create(model, sessionOptions) : await ort.InferenceSession.create(model, sessionOptions);
    } catch (cause) {
      throw unloadable(cause);
    }
    return new AutoencoderScorer(session, meta, o, resolved);
  }

  /**
   * Creates a scorer from a model card (file or folder) and the weights it names; its threshold
   * is the card's reconstruction-error threshold (`reconstructionThreshold`, or `threshold` on a
   * schema-1 card whose score was the error itself). On CUDA a card that serves its int8
   * variant is served from its float32 export ({@link modelVariantFor}).
   */
  static async fromModelCard(card: ModelCard | string, options: AutoencoderOptions & { variant?: ModelVariant } = {}): Promise<AutoencoderScorer> {
    const c = typeof card === "string" ? loadModelCard(card) : card;
    const { variant, ...rest } = options;
    const threshold = c.reconstructionThreshold ?? c.threshold;
    const { executionProvider } = resolveAutoencoderSession(validateOptions(rest));
    return AutoencoderScorer.create(modelFilePath(c, variant, executionProvider), { modelVersion: c.modelVersion, threshold, windowSize: c.windowSize, normalStatistics: c.normalStatistics, trainingData: modelTrainingData(c) }, rest);
  }

  /** Reconstructs `count` windows in one run (no batching); for checks and benchmarks. */
  async reconstruct(windows: Float32Array, count: number): Promise<Float32Array> {
    const per = this.checkInput(windows, count);
    const out = await this.run(windows.subarray(0, count * per), count);
    return out;
  }

  /** Mean squared reconstruction error of each of the first `count` windows. */
  async scoreWindows(windows: Float32Array, count: number, onProgress?: ScoreProgress): Promise<Float32Array> {
    const per = this.checkInput(windows, count);
    const errors = new Float32Array(count);
    const batchSize = this.options.batchSize;
    // With several instances and no batcher to spread the load, the windows are cut into one
    // contiguous part per instance and the parts are scored at once, each in its own batches.
    const nominal = typeof batchSize === "number" ? batchSize : 64;
    const parts = this.batcher ? 1 : Math.max(1, Math.min(this.options.instances, Math.ceil(count / nominal)));
    const partSize = Math.ceil(count / parts);
    const doneIn = new Array<number>(parts).fill(0);
    await Promise.all(
      Array.from({ length: parts }, (_, p) => {
        const start = p * partSize;
        // Items are window indices; each batch is a contiguous run, scored through a view.
        const indices = Array.from({ length: Math.min(count, start + partSize) - start }, (_, i) => start + i);
        return batchProcess(indices, {
          batchSize,
          // Input, output and LSTM activations of one window, rounded up generously.
          itemMemoryBytes: 256 * 1024,
          onProgress: ({ done }) => {
            doneIn[p] = done;
            onProgress?.(doneIn.reduce((a, b) => a + b, 0), count);
          },
          processFn: async (batch) => {
            const first = batch[0]!;
            const n = batch.length;
            const view = (w: number) => windows.subarray((first + w) * per, (first + w + 1) * per);
            if (this.batcher) {
              const batcher = this.batcher;
              const got = await Promise.all(Array.from({ length: n }, (_, w) => batcher.submit(view(w))));
              got.forEach((e, w) => (errors[first + w] = e));
            } else {
              errors.set(await this.errorsOf(Array.from({ length: n }, (_, w) => view(w))), first);
            }
            return batch;
          },
        });
      }),
    );
    return errors;
  }

  /** Frees the onnxruntime session (after the batches already queued); idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.batcher?.close();
    await this.session.release();
  }

  /**
   * Mean squared reconstruction error of each window, in one run. Windows that lie back to back
   * in one buffer (one analysis's batch) go in as a view of it; others are copied together.
   */
  private async errorsOf(windows: Float32Array[]): Promise<number[]> {
    const n = windows.length;
    const per = this.windowSize * FEATURES;
    const first = windows[0];
    if (!first) return [];
    const contiguous = windows.every((w, i) => w.buffer === first.buffer && w.byteOffset === first.byteOffset + i * per * 4 && w.length === per);
    let input: Float32Array;
    if (contiguous) input = new Float32Array(first.buffer, first.byteOffset, n * per);
    else {
      input = new Float32Array(n * per);
      windows.forEach((w, i) => input.set(w.subarray(0, per), i * per));
    }
    const recon = await this.run(input, n);
    const errors = new Array<number>(n);
    for (let w = 0; w < n; w++) {
      let sum = 0;
      const base = w * per;
      for (let i = 0; i < per; i++) {
        const d = recon[base + i]! - input[base + i]!;
        sum += d * d;
      }
      errors[w] = sum / per;
    }
    return errors;
  }

  private checkInput(windows: Float32Array, count: number): number {
    if (this.released) throw new InferenceFailedError(`the anomaly model ${this.modelVersion} was released`);
    const per = this.windowSize * FEATURES;
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (windows.length < count * per) throw new RangeError(`windows must hold count x ${this.windowSize} x 75 = ${count * per} values, got ${windows.length}`);
    return per;
  }

  private async run(input: Float32Array, n: number): Promise<Float32Array> {
    if (n === 0) return new Float32Array(0);
    try {
      const dims = [n, this.windowSize, FEATURES];
      let out: { data: unknown } | undefined;
      if (this.session instanceof SessionInstancePool) {
        out = (await this.session.run({ [this.inputName]: { type: "float32", data: input, dims } }, [this.outputName]))[this.outputName];
      } else {
        out = (await this.session.run({ [this.inputName]: new ort.Tensor("float32", input, dims) }))[this.outputName];
      }
      if (!out || !(out.data instanceof Float32Array) || out.data.length !== input.length) {
        throw new Error(`output ${this.outputName} is not a float32 tensor of ${input.length} values`);
      }
      return out.data;
    } catch (cause) {
      throw new InferenceFailedError(`scoring ${n} windows with ${this.modelVersion} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }
}

/**
 * 1 where the window's score exceeds the threshold, else 0. The threshold is rounded to float32
 * first, like the scores, so that a score stored equal to it does not count as above it.
 */
export function anomalyFlags(errors: Float32Array, threshold: number): Uint8Array {
  const flags = new Uint8Array(errors.length);
  const t = Math.fround(threshold);
  for (let i = 0; i < errors.length; i++) flags[i] = errors[i]! > t ? 1 : 0;
  return flags;
}
