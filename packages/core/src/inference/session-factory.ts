import { readFile } from "node:fs/promises";
import { InferenceSession } from "onnxruntime-node";
import { ExecutionProviderUnavailableError } from "./errors/execution-provider-unavailable-error";
import { ModelLoadError } from "./errors/model-load-error";
import { detectExecutionProviders } from "./execution-providers";

/** Execution provider preference: `auto` takes CUDA when usable, else CPU. */
export type ExecutionProviderChoice = "auto" | "cpu" | "cuda";

/** Options of {@link createSessionFactory}; the defaults are the production settings. */
export interface SessionFactoryOptions {
  /**
   * Which execution provider runs the model. `cuda` fails with
   * `EXECUTION_PROVIDER_UNAVAILABLE` where CUDA cannot run; `auto` falls back to CPU.
   * @defaultValue `"auto"`
   */
  executionProvider?: ExecutionProviderChoice;
  /**
   * CUDA device ordinal.
   * @defaultValue `0`
   */
  deviceId?: number;
  /**
   * CUDA arena limit in bytes (`gpu_mem_limit`). onnxruntime-node 1.30's binding reads only
   * `deviceId` from the CUDA provider entry, so this is passed along for bindings that read it.
   * @defaultValue unset (no limit)
   */
  gpuMemLimitBytes?: number;
  /**
   * CUDA arena growth (`arena_extend_strategy`); same caveat as `gpuMemLimitBytes`.
   * @defaultValue unset (onnxruntime's `kNextPowerOfTwo`)
   */
  cudaArenaExtendStrategy?: "kNextPowerOfTwo" | "kSameAsRequested";
  /**
   * Threads inside one operator; `0` lets onnxruntime use one per physical core.
   * @defaultValue `0`
   */
  intraOpNumThreads?: number;
  /**
   * Threads across independent operators (parallel execution mode only); `0` lets onnxruntime choose.
   * @defaultValue `0`
   */
  interOpNumThreads?: number;
  /**
   * Graph optimisation level.
   * @defaultValue `"all"`
   */
  graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all";
  /**
   * onnxruntime's CPU memory arena: faster repeated runs, memory held until the session is released.
   * @defaultValue `true`
   */
  enableCpuMemArena?: boolean;
  /**
   * Flush denormal floats to zero (`set_denormal_as_zero`). Denormals in recurrent state made the
   * reference LSTM autoencoder 45x slower on CPU while flushing changed outputs by < 3e-8.
   * @defaultValue `true`
   */
  flushDenormals?: boolean;
  /**
   * Operator scheduling.
   * @defaultValue `"sequential"`
   */
  executionMode?: "sequential" | "parallel";
  /**
   * Let onnxruntime's intra-op threads busy-wait for the next piece of work
   * (`session.intra_op.allow_spinning`; onnxruntime's own default is on). Off by default: with
   * another process on the cores (ffmpeg decoding the video, a second analysis, the API) the
   * spinning threads take the CPU their peers need. `p1-thread-spinning` on the 2-core dev host:
   * the BlazePose landmark model at 2 threads took 10.2-10.4 ms a frame spinning and 11.7-11.9 ms
   * not when idle, but 21.9-22.4 against 15.0-15.6 ms beside a one-thread ffmpeg decoder, which
   * itself decoded fewer frames beside the spinning session; p1-pipeline's realtime_factor over
   * six runs each was 2.10-3.07 (three runs below 2.4) spinning and 2.68-3.05 not.
   * @defaultValue `false`
   */
  allowSpinning?: boolean;
}

/** Creates sessions with one resolved configuration. */
export interface SessionFactory {
  /** The provider sessions run on: `cuda` only where it was usable. */
  readonly executionProvider: "cpu" | "cuda";
  /** The onnxruntime options every session gets. */
  readonly sessionOptions: InferenceSession.SessionOptions;
  /** Creates a session from a file path or the model's bytes; failures are `MODEL_LOAD_FAILED`. */
  create(source: string | Uint8Array): Promise<InferenceSession>;
}

function checkThreads(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0 (0 = let onnxruntime choose), got ${value}`);
}

/** The provider an {@link ExecutionProviderChoice} comes to on this machine, and why. */
export interface ResolvedExecutionProvider {
  /** The provider sessions run on. */
  executionProvider: "cpu" | "cuda";
  /** Why that one: what makes CUDA usable, or why `auto` fell back to CPU (for the start-up log). */
  reason: string;
}

/**
 * Resolves a provider choice the way every session here does: `cpu` is CPU; `auto` is CUDA where
 * the CUDA build, its provider library and an NVIDIA GPU are present, CPU otherwise; `cuda` is
 * CUDA or `EXECUTION_PROVIDER_UNAVAILABLE`. Loads nothing (detection is cached per process), so
 * a service can call it at start to refuse a configuration that cannot run before any job does.
 */
export function resolveExecutionProvider(choice: ExecutionProviderChoice = "auto"): ResolvedExecutionProvider {
  if (!["auto", "cpu", "cuda"].includes(choice)) throw new RangeError(`executionProvider must be "auto", "cpu" or "cuda", got "${choice}"`);
  if (choice === "cpu") return { executionProvider: "cpu", reason: "the CPU provider was asked for" };
  const cuda = detectExecutionProviders().cuda;
  if (cuda.available) return { executionProvider: "cuda", reason: cuda.reason };
  if (choice === "cuda") throw new ExecutionProviderUnavailableError("cuda", cuda.reason);
  return { executionProvider: "cpu", reason: `auto fell back to CPU: ${cuda.reason}` };
}

/** onnxruntime's CUDA provider entry for these options (device, arena limit and growth). */
export function cudaProviderConfig(options: Pick<SessionFactoryOptions, "deviceId" | "gpuMemLimitBytes" | "cudaArenaExtendStrategy"> = {}): InferenceSession.ExecutionProviderConfig {
  return {
    name: "cuda",
    deviceId: options.deviceId ?? 0,
    ...(options.gpuMemLimitBytes !== undefined ? { gpu_mem_limit: String(options.gpuMemLimitBytes) } : {}),
    ...(options.cudaArenaExtendStrategy !== undefined ? { arena_extend_strategy: options.cudaArenaExtendStrategy } : {}),
  } as InferenceSession.ExecutionProviderConfig;
}

/** Resolves options into onnxruntime session options and the provider actually used. */
export function resolveSessionOptions(options: SessionFactoryOptions = {}): { executionProvider: "cpu" | "cuda"; sessionOptions: InferenceSession.SessionOptions } {
  const {
    executionProvider: choice = "auto",
    deviceId = 0,
    intraOpNumThreads = 0,
    interOpNumThreads = 0,
    graphOptimizationLevel = "all",
    enableCpuMemArena = true,
    flushDenormals = true,
    executionMode = "sequential",
    allowSpinning = false,
  } = options;
  if (!["auto", "cpu", "cuda"].includes(choice)) throw new RangeError(`executionProvider must be "auto", "cpu" or "cuda", got "${choice}"`);
  checkThreads("intraOpNumThreads", intraOpNumThreads);
  checkThreads("interOpNumThreads", interOpNumThreads);
  if (!Number.isInteger(deviceId) || deviceId < 0) throw new RangeError(`deviceId must be an integer >= 0, got ${deviceId}`);
  if (options.gpuMemLimitBytes !== undefined && !(options.gpuMemLimitBytes > 0)) throw new RangeError(`gpuMemLimitBytes must be > 0, got ${options.gpuMemLimitBytes}`);

  const { executionProvider } = resolveExecutionProvider(choice);
  const providers: InferenceSession.ExecutionProviderConfig[] = [];
  if (executionProvider === "cuda") providers.push(cudaProviderConfig({ ...options, deviceId }));
  providers.push({ name: "cpu", useArena: enableCpuMemArena });
  const sessionOptions: InferenceSession.SessionOptions = {
    executionProviders: providers,
    intraOpNumThreads,
    interOpNumThreads,
    graphOptimizationLevel,
    enableCpuMemArena,
    executionMode,
    extra: { session: { set_denormal_as_zero: flushDenormals ? "1" : "0", "intra_op.allow_spinning": allowSpinning ? "1" : "0" } },
  };
  return { executionProvider, sessionOptions };
}

/**
 * Resolves the options once (provider detection included) and returns a factory that creates
 * sessions with them. Creating the factory loads nothing: sessions load on `create`.
 */
export function createSessionFactory(options: SessionFactoryOptions = {}): SessionFactory {
  const { executionProvider, sessionOptions } = resolveSessionOptions(options);
  return {
    executionProvider,
    sessionOptions,
    async create(source) {
      const label = typeof source === "string" ? `"${source}"` : `(${source.byteLength} bytes)`;
      try {
        // Reading the file ourselves keeps a missing file a clean error rather than a native one.
        const bytes = typeof source === "string" ? await readFile(source) : source;
        return await InferenceSession.create(bytes, sessionOptions);
      } catch (error) {
        throw new ModelLoadError(label, error);
      }
    },
  };
}

/** One-off {@link createSessionFactory}`(options).create(source)`. */
export async function createInferenceSession(source: string | Uint8Array, options: SessionFactoryOptions = {}): Promise<InferenceSession> {
  return createSessionFactory(options).create(source);
}
