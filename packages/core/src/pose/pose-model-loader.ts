import * as ort from "onnxruntime-node";

/** One loaded network: runs a single float32 NHWC input and returns the named outputs. */
export interface PoseModelRunner {
  run(input: Float32Array, dims: readonly number[]): Promise<Record<string, Float32Array>>;
  release(): Promise<void>;
}

/**
 * Opens a model file as a {@link PoseModelRunner}. The seam where the core toolkit's model
 * cache / session factory plugs in; tests of pure logic can pass a fake.
 */
export interface PoseModelLoader {
  load(file: string): Promise<PoseModelRunner>;
}

/** Loads models with onnxruntime-node directly, one session per file. */
export class OrtPoseModelLoader implements PoseModelLoader {
  constructor(private readonly sessionOptions: ort.InferenceSession.SessionOptions = {}) {}

  async load(file: string): Promise<PoseModelRunner> {
    const session = await ort.InferenceSession.create(file, { graphOptimizationLevel: "all", ...this.sessionOptions });
    const inputName = session.inputNames[0]!;
    return {
      async run(input, dims) {
        const results = await session.run({ [inputName]: new ort.Tensor("float32", input, dims) });
        const out: Record<string, Float32Array> = {};
        for (const [name, tensor] of Object.entries(results)) out[name] = tensor.data as Float32Array;
        return out;
      },
      release: () => session.release(),
    };
  }
}
