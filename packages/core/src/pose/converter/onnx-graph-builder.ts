import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** ONNX element types the converter emits. */
export const OnnxType = {
  FLOAT: onnx.TensorProto.DataType.FLOAT,
  INT8: onnx.TensorProto.DataType.INT8,
  UINT8: onnx.TensorProto.DataType.UINT8,
  INT64: onnx.TensorProto.DataType.INT64,
  FLOAT16: onnx.TensorProto.DataType.FLOAT16,
} as const;

/** Attribute values accepted by {@link OnnxGraphBuilder.node}. */
export type OnnxAttr = number | string | number[];

/** Names of the attributes that hold floats rather than ints. */
const FLOAT_ATTRS = new Set(["epsilon", "alpha", "beta", "value_float", "extrapolation_value", "cubic_coeff_a"]);

function toBytes(data: Float32Array | Uint16Array | Int8Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A tensor shape dimension: a number, or a symbolic name for dynamic axes. */
export type OnnxDim = number | string;

/**
 * Accumulates nodes and initializers of one ONNX graph and serialises it as a model (opset 13).
 * Kept separate from the op translation so the conversion reads as TF-op -> ONNX-nodes only.
 */
export class OnnxGraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();

  /** Returns `base`, or `base_N`, never a name handed out before. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds one node; returns the name of its (single) output. */
  node(opType: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}, outputName?: string): string {
    const output = this.uniqueName(outputName ?? `${opType}_out`);
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === "string") return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v };
      if (FLOAT_ATTRS.has(name)) return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v };
      return { name, type: onnx.AttributeProto.AttributeType.INT, i: v };
    });
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute });
    return output;
  }

  /** Adds a constant tensor; returns its name. */
  initializer(base: string, dataType: number, dims: number[], data: Float32Array | Uint16Array | Int8Array | BigInt64Array): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dataType, dims, rawData: toBytes(data) });
    return name;
  }

  /** Float32 constant. */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.initializer(base, OnnxType.FLOAT, dims, Float32Array.from(values));
  }

  /** Int64 constant (shapes, axes, pads given as tensors). */
  int64s(base: string, dims: number[], values: ArrayLike<number>): string {
    return this.initializer(base, OnnxType.INT64, dims, BigInt64Array.from(Array.from(values, (v) => BigInt(v))));
  }

  /** Declares a graph input of element type float. */
  input(name: string, dims: OnnxDim[], elemType: number = OnnxType.FLOAT): void {
    this.used.add(name);
    this.inputs.push(valueInfo(name, dims, elemType));
  }

  /** Declares a graph output of element type float; `name` must be an existing tensor. */
  output(name: string, dims: OnnxDim[]): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** Serialises the model (opset 13 unless told otherwise). */
  encode(meta: { graphName: string; producer: string; docString?: string; metadata?: Record<string, string>; opset?: number }): Uint8Array {
    const opset = meta.opset ?? 13;
    const model = onnx.ModelProto.create({
      // IR 7 is the oldest that opset 13 allows; GridSample (opset 16) needs IR 8.
      irVersion: opset >= 15 ? 8 : 7,
      opsetImport: [{ domain: "", version: opset }],
      producerName: meta.producer,
      docString: meta.docString ?? "",
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, dims: OnnxDim[], elemType: number = OnnxType.FLOAT): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}
