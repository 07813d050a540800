import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** Options of {@link buildMlpModel}. */
export interface MlpModelOptions {
  /** Features per item (the input's second axis). */
  inputSize: number;
  /** Width of each dense layer, the last one being the output size. */
  layerSizes: number[];
  /**
   * Seed of the deterministic weights.
   * @defaultValue `1`
   */
  seed?: number;
  /**
   * Name of the graph input.
   * @defaultValue `"input"`
   */
  inputName?: string;
  /**
   * Name of the graph output.
   * @defaultValue `"output"`
   */
  outputName?: string;
}

/** A built model: its ONNX bytes plus what tests and benchmarks need to check its outputs. */
export interface MlpModel {
  /** Serialised ONNX model (opset 13, IR 7), input `[batch, inputSize]`, output `[batch, outputSize]`. */
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  inputSize: number;
  outputSize: number;
  /** Multiply-adds x 2 per item. */
  flopsPerItem: number;
  /** Reference forward pass in plain JS (float64 accumulation) of `batch` items laid out row-major. */
  forward(input: Float32Array, batch: number): Float32Array;
}

/** Small deterministic PRNG (mulberry32), so the same seed builds the same weights everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds a real ONNX multilayer perceptron: Gemm layers with ReLU between them (none after the
 * last) and a dynamic batch axis. Tests and benchmarks use it wherever a model of a given cost
 * is needed and the real one is not the subject.
 */
export function buildMlpModel(options: MlpModelOptions): MlpModel {
  const { inputSize, layerSizes, seed = 1, inputName = "input", outputName = "output" } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1) throw new RangeError(`inputSize must be an integer >= 1, got ${inputSize}`);
  if (layerSizes.length === 0 || layerSizes.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`layerSizes must be a non-empty list of integers >= 1, got [${layerSizes.join(", ")}]`);
  const random = prng(seed);
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  const layers: Array<{ w: Float32Array; b: Float32Array; inSize: number; outSize: number }> = [];
  let previous = inputName;
  let inSize = inputSize;
  layerSizes.forEach((outSize, i) => {
    // He-style scale keeps activations of a deep ReLU stack in a sane range.
    const scale = Math.sqrt(6 / inSize);
    const w = new Float32Array(inSize * outSize).map(() => (random() * 2 - 1) * scale);
    const b = new Float32Array(outSize).map(() => (random() * 2 - 1) * 0.1);
    layers.push({ w, b, inSize, outSize });
    initializers.push(tensor(`w${i}`, [inSize, outSize], w), tensor(`b${i}`, [outSize], b));
    const last = i === layerSizes.length - 1;
    const gemmOut = last ? outputName : `gemm${i}`;
    nodes.push({ opType: "Gemm", input: [previous, `w${i}`, `b${i}`], output: [gemmOut], name: `gemm${i}` });
    previous = gemmOut;
    if (!last) {
      nodes.push({ opType: "Relu", input: [gemmOut], output: [`relu${i}`], name: `relu${i}` });
      previous = `relu${i}`;
    }
    inSize = outSize;
  });
  const outputSize = inSize;
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "gma-core onnx-builder",
    graph: {
      name: "mlp",
      node: nodes,
      initializer: initializers,
      input: [valueInfo(inputName, ["batch", inputSize])],
      output: [valueInfo(outputName, ["batch", outputSize])],
    },
  });
  const flopsPerItem = layers.reduce((s, l) => s + 2 * l.inSize * l.outSize, 0);
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    inputName,
    outputName,
    inputSize,
    outputSize,
    flopsPerItem,
    forward(input, batch) {
      if (input.length !== batch * inputSize) throw new RangeError(`expected ${batch} x ${inputSize} inputs, got ${input.length}`);
      let x: Float32Array = input;
      layers.forEach((l, li) => {
        const y = new Float32Array(batch * l.outSize);
        for (let n = 0; n < batch; n++) {
          for (let o = 0; o < l.outSize; o++) {
            let acc = l.b[o]!;
            for (let k = 0; k < l.inSize; k++) acc += x[n * l.inSize + k]! * l.w[k * l.outSize + o]!;
            y[n * l.outSize + o] = li < layers.length - 1 && acc < 0 ? 0 : acc;
          }
        }
        x = y;
      });
      return x;
    },
  };
}

function tensor(name: string, dims: number[], data: Float32Array): onnxProto.onnx.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.FLOAT, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function valueInfo(name: string, dims: Array<number | string>): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) } } },
  };
}
