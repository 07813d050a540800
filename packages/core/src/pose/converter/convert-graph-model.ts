import { ModelConversionError } from "../errors";
import { OnnxGraphBuilder, OnnxType, type OnnxDim } from "./onnx-graph-builder";
import type { TfAttrValue, TfConst, TfjsGraphModel, TfNode } from "./tfjs-graph-model";
import { addWeight, type WeightPrecision } from "./weight-precision";

/** Options of {@link convertGraphModel}. */
export interface ConvertOptions {
  /**
   * Storage precision of the convolution weights.
   * @defaultValue "fp32"
   */
  precision?: WeightPrecision;
  /** Key/value pairs written into the ONNX model's metadata (source version, hashes). */
  metadata?: Record<string, string>;
  /**
   * Graph name written into the model.
   * @defaultValue "tfjs_graph"
   */
  graphName?: string;
}

/**
 * A TF tensor as the ONNX graph holds it. 4-D activations live as NCHW (what onnxruntime's
 * CPU kernels want); `shape` always keeps TensorFlow's NHWC view, -1 where unknown.
 */
interface Value {
  onnx: string;
  layout: "nchw" | "plain";
  shape: number[];
}

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** TF NHWC axis -> ONNX NCHW axis. */
const NHWC_AXIS_IN_NCHW = [0, 2, 3, 1];

function decodeAttrString(v: TfAttrValue | undefined): string | undefined {
  return v?.s === undefined ? undefined : Buffer.from(v.s, "base64").toString("utf8");
}

function attrInts(node: TfNode, name: string): number[] {
  return (node.attr?.[name]?.list?.i ?? []).map(Number);
}

function attrInt(node: TfNode, name: string, fallback: number): number {
  const v = node.attr?.[name]?.i;
  return v === undefined ? fallback : Number(v);
}

function stripRef(input: string): string {
  return input.replace(/:0$/, "");
}

/** Explicit begin/end padding for one spatial axis, TensorFlow's rule for SAME (extra pixel at the end). */
function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

function outSize(size: number, kernel: number, stride: number, dilation: number, pads: [number, number]): number {
  return Math.floor((size + pads[0] + pads[1] - (kernel - 1) * dilation - 1) / stride) + 1;
}

/** Orders nodes so that every node follows its inputs (tfjs files usually are, but nothing promises it). */
function topoSort(nodes: TfNode[]): TfNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const order: TfNode[] = [];
  const visit = (start: TfNode): void => {
    const stack: [TfNode, number][] = [[start, 0]];
    seen.add(start.name);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      const inputs = (node.input ?? []).filter((x) => !x.startsWith("^"));
      if (i < inputs.length) {
        top[1]++;
        const dep = byName.get(stripRef(inputs[i]!));
        if (dep && !seen.has(dep.name)) {
          seen.add(dep.name);
          stack.push([dep, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  };
  for (const n of nodes) if (!seen.has(n.name)) visit(n);
  return order;
}

/**
 * Converts a TensorFlow.js graph model to an ONNX model (opset 13) with a dynamic batch
 * dimension. Inputs and outputs keep TensorFlow's NHWC layout; the graph computes in NCHW
 * with one transpose at each edge. Covers the op set of the BlazePose detector and landmark
 * models; anything else fails with {@link ModelConversionError} naming the op.
 */
export function convertGraphModel(model: TfjsGraphModel, options: ConvertOptions = {}): Uint8Array {
  const precision = options.precision ?? "fp32";
  const g = new OnnxGraphBuilder();
  const values = new Map<string, Value>();
  const consts = new Map<string, TfConst>(model.weights);
  const nhwcCache = new Map<string, string>();

  const constOf = (input: string, what: string): TfConst => {
    const c = consts.get(stripRef(input));
    if (!c) throw new ModelConversionError(`${what}: input ${input} must be a constant`);
    return c;
  };

  /** A TF tensor as an ONNX tensor name, materialising constants on first use. */
  const valueOf = (input: string): Value => {
    const name = stripRef(input);
    const v = values.get(name);
    if (v) return v;
    const c = consts.get(name);
    if (!c) throw new ModelConversionError(`Tensor ${input} is used before it is defined`);
    const onnxName =
      c.dtype === "int32" ? g.int64s(name, c.shape, c.data) : g.initializer(name, OnnxType.FLOAT, c.shape, c.data as Float32Array);
    const value: Value = { onnx: onnxName, layout: "plain", shape: c.shape };
    values.set(name, value);
    return value;
  };

  /** The tensor in TF's own layout, for ops whose semantics depend on memory order (Reshape, Shape, outputs). */
  const plainOf = (v: Value): string => {
    if (v.layout === "plain") return v.onnx;
    const cached = nhwcCache.get(v.onnx);
    if (cached) return cached;
    const t = g.node("Transpose", [v.onnx], { perm: NCHW_TO_NHWC }, `${v.onnx}/nhwc`);
    nhwcCache.set(v.onnx, t);
    return t;
  };

  const nchwOf = (input: string, op: string): Value => {
    const v = valueOf(input);
    if (v.layout !== "nchw") throw new ModelConversionError(`${op} expects a 4-D image tensor, got ${input}`);
    if (v.shape[1]! < 0 || v.shape[2]! < 0) throw new ModelConversionError(`${op}: spatial size of ${input} is unknown`);
    return v;
  };

  const activation = (x: string, kind: string, base: string): string => {
    if (kind === "Relu") return g.node("Relu", [x], {}, base);
    if (kind === "Relu6") return g.node("Clip", [x, g.floats(`${base}/min`, [], [0]), g.floats(`${base}/max`, [], [6])], {}, base);
    throw new ModelConversionError(`Unsupported fused activation ${kind} in ${base}`);
  };

  const spatialPads = (node: TfNode, h: number, w: number, kh: number, kw: number, s: number[], d: number[]): [[number, number], [number, number]] => {
    const padding = decodeAttrString(node.attr?.padding) ?? "VALID";
    if (padding === "SAME") return [samePadding(h, kh, s[0]!, d[0]!), samePadding(w, kw, s[1]!, d[1]!)];
    if (padding === "VALID") return [[0, 0], [0, 0]];
    if (padding === "EXPLICIT") {
      const e = attrInts(node, "explicit_paddings");
      return [[e[2]!, e[3]!], [e[4]!, e[5]!]];
    }
    throw new ModelConversionError(`Unsupported padding ${padding} in ${node.name}`);
  };

  const convolution = (node: TfNode, depthwise: boolean): void => {
    const x = nchwOf(node.input![0]!, node.op);
    const k = constOf(node.input![1]!, node.name);
    if ((decodeAttrString(node.attr?.data_format) ?? "NHWC") !== "NHWC") throw new ModelConversionError(`${node.name}: only NHWC is supported`);
    const [kh, kw, cin, cout] = k.shape as [number, number, number, number];
    const strides = attrInts(node, "strides").slice(1, 3);
    const dilations = attrInts(node, "dilations").slice(1, 3);
    const s = strides.length === 2 ? strides : [1, 1];
    const d = dilations.length === 2 ? dilations : [1, 1];
    const [H, W] = [x.shape[1]!, x.shape[2]!];
    const [ph, pw] = spatialPads(node, H, W, kh, kw, s, d);
    // TF HWIO / HWCM -> ONNX OIHW; depthwise output channel c*mult+m takes input channel c.
    const outChannels = depthwise ? cin * cout : cout;
    const src = k.data as Float32Array;
    const dst = new Float32Array(src.length);
    const inPerGroup = depthwise ? 1 : cin;
    for (let y = 0; y < kh; y++)
      for (let xk = 0; xk < kw; xk++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) {
            const from = ((y * kw + xk) * cin + i) * cout + o;
            const oc = depthwise ? i * cout + o : o;
            const ic = depthwise ? 0 : i;
            dst[((oc * inPerGroup + ic) * kh + y) * kw + xk] = src[from]!;
          }
    const weight = addWeight(g, `${node.name}/weight`, [outChannels, inPerGroup, kh, kw], dst, precision);
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map((b) => Buffer.from(b, "base64").toString("utf8"));
    const inputs = [x.onnx, weight];
    let rest = fused;
    if (fused[0] === "BiasAdd") {
      const bias = constOf(node.input![2]!, node.name);
      inputs.push(g.floats(`${node.name}/bias`, [outChannels], bias.data));
      rest = fused.slice(1);
    } else if (fused.length > 0) throw new ModelConversionError(`${node.name}: unsupported fused ops ${fused.join(",")}`);
    if (rest.length > 1) throw new ModelConversionError(`${node.name}: unsupported fused ops ${fused.join(",")}`);
    const conv = g.node(
      "Conv",
      inputs,
      { kernel_shape: [kh, kw], strides: s, dilations: d, pads: [ph[0], pw[0], ph[1], pw[1]], group: depthwise ? cin : 1 },
      rest.length ? `${node.name}/conv` : node.name,
    );
    const out = rest.length ? activation(conv, rest[0]!, node.name) : conv;
    const shape = [x.shape[0]!, outSize(H, kh, s[0]!, d[0]!, ph), outSize(W, kw, s[1]!, d[1]!, pw), outChannels];
    values.set(node.name, { onnx: out, layout: "nchw", shape });
  };

  const handlers: Record<string, (node: TfNode) => void> = {
    Const: () => undefined,
    Placeholder: (node) => {
      const sig = model.inputs.find((i) => i.node === node.name);
      const shape = sig?.shape ?? (node.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
      const key = sig?.key ?? node.name;
      if (shape.length !== 4) throw new ModelConversionError(`Input ${key} must be a 4-D NHWC image tensor`);
      g.input(key, shape.map((d, i): OnnxDim => (i === 0 || d < 0 ? "batch" : d)));
      const t = g.node("Transpose", [key], { perm: NHWC_TO_NCHW }, `${key}/nchw`);
      values.set(node.name, { onnx: t, layout: "nchw", shape: [-1, ...shape.slice(1)] });
    },
    Conv2D: (node) => convolution(node, false),
    _FusedConv2D: (node) => convolution(node, false),
    DepthwiseConv2dNative: (node) => convolution(node, true),
    FusedDepthwiseConv2dNative: (node) => convolution(node, true),
    Pad: (node) => {
      const x = nchwOf(node.input![0]!, node.op);
      const p = constOf(node.input![1]!, node.name).data;
      const before = [p[0]!, p[6]!, p[2]!, p[4]!];
      const after = [p[1]!, p[7]!, p[3]!, p[5]!];
      const out = g.node("Pad", [x.onnx, g.int64s(`${node.name}/pads`, [8], [...before, ...after])], { mode: "constant" }, node.name);
      const shape = x.shape.map((d, i) => (d < 0 ? d : d + p[2 * i]! + p[2 * i + 1]!));
      values.set(node.name, { onnx: out, layout: "nchw", shape });
    },
    MaxPool: (node) => {
      const x = nchwOf(node.input![0]!, node.op);
      const [kh, kw] = attrInts(node, "ksize").slice(1, 3) as [number, number];
      const s = attrInts(node, "strides").slice(1, 3);
      const [ph, pw] = spatialPads(node, x.shape[1]!, x.shape[2]!, kh, kw, s, [1, 1]);
      const out = g.node("MaxPool", [x.onnx], { kernel_shape: [kh, kw], strides: s, pads: [ph[0], pw[0], ph[1], pw[1]] }, node.name);
      const shape = [x.shape[0]!, outSize(x.shape[1]!, kh, s[0]!, 1, ph), outSize(x.shape[2]!, kw, s[1]!, 1, pw), x.shape[3]!];
      values.set(node.name, { onnx: out, layout: "nchw", shape });
    },
    ResizeBilinear: (node) => {
      const x = nchwOf(node.input![0]!, node.op);
      const [oh, ow] = Array.from(constOf(node.input![1]!, node.name).data) as [number, number];
      const alignCorners = node.attr?.align_corners?.b === true;
      const halfPixel = node.attr?.half_pixel_centers?.b === true;
      const mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
      // Scales, not sizes: sizes would need the dynamic batch dimension spelled out.
      const scales = g.floats(`${node.name}/scales`, [4], [1, 1, oh / x.shape[1]!, ow / x.shape[2]!]);
      const out = g.node("Resize", [x.onnx, "", scales], { mode: "linear", coordinate_transformation_mode: mode }, node.name);
      values.set(node.name, { onnx: out, layout: "nchw", shape: [x.shape[0]!, oh, ow, x.shape[3]!] });
    },
    DepthToSpace: (node) => {
      const x = nchwOf(node.input![0]!, node.op);
      const b = attrInt(node, "block_size", 2);
      // TF's NHWC DepthToSpace orders the depth as (row, column, channel): ONNX's DCR mode.
      const out = g.node("DepthToSpace", [x.onnx], { blocksize: b, mode: "DCR" }, node.name);
      values.set(node.name, { onnx: out, layout: "nchw", shape: [x.shape[0]!, x.shape[1]! * b, x.shape[2]! * b, x.shape[3]! / (b * b)] });
    },
    AddV2: (node) => {
      const [a, b] = node.input!.map((i) => {
        const c = consts.get(stripRef(i));
        return c ? { c, i } : { v: valueOf(i), i };
      }) as [{ c?: TfConst; v?: Value; i: string }, { c?: TfConst; v?: Value; i: string }];
      const nchw = a.v?.layout === "nchw" || b.v?.layout === "nchw";
      const operand = (o: { c?: TfConst; v?: Value; i: string }): string => {
        if (o.v) return nchw ? nchwOf(o.i, node.op).onnx : plainOf(o.v);
        // A per-channel constant broadcasts over the last axis in NHWC, over axis 1 in NCHW.
        const c = o.c!;
        if (nchw && c.shape.length === 1) return g.floats(`${node.name}/const`, [c.shape[0]!, 1, 1], c.data);
        if (nchw && c.shape.length > 1) throw new ModelConversionError(`${node.name}: cannot broadcast constant of rank ${c.shape.length}`);
        return valueOf(o.i).onnx;
      };
      const out = g.node("Add", [operand(a), operand(b)], {}, node.name);
      const sa = a.v?.shape ?? a.c!.shape;
      const sb = b.v?.shape ?? b.c!.shape;
      const rank = Math.max(sa.length, sb.length);
      const shape = Array.from({ length: rank }, (_, i) => {
        const da = sa[sa.length - rank + i] ?? 1;
        const db = sb[sb.length - rank + i] ?? 1;
        return da === 1 ? db : da;
      });
      values.set(node.name, { onnx: out, layout: nchw ? "nchw" : "plain", shape });
    },
    Relu: (node) => unary(node, (x) => g.node("Relu", [x], {}, node.name)),
    Relu6: (node) => unary(node, (x) => activation(x, "Relu6", node.name)),
    Sigmoid: (node) => unary(node, (x) => g.node("Sigmoid", [x], {}, node.name)),
    Identity: (node) => unary(node, (x) => g.node("Identity", [x], {}, node.name)),
    ConcatV2: (node) => {
      const inputs = node.input!.slice(0, -1).map(valueOf);
      let axis = Number(constOf(node.input!.at(-1)!, node.name).data[0]);
      const rank = inputs[0]!.shape.length;
      if (axis < 0) axis += rank;
      const nchw = rank === 4 && inputs.every((v) => v.layout === "nchw");
      const names = inputs.map((v) => (nchw ? v.onnx : plainOf(v)));
      const out = g.node("Concat", names, { axis: nchw ? NHWC_AXIS_IN_NCHW[axis]! : axis }, node.name);
      const shape = [...inputs[0]!.shape];
      shape[axis] = inputs.some((v) => v.shape[axis]! < 0) ? -1 : inputs.reduce((s, v) => s + v.shape[axis]!, 0);
      values.set(node.name, { onnx: out, layout: nchw ? "nchw" : "plain", shape });
    },
    Reshape: (node) => {
      const x = valueOf(node.input![0]!);
      const target = consts.get(stripRef(node.input![1]!));
      const shapeInput = valueOf(node.input![1]!);
      const out = g.node("Reshape", [plainOf(x), shapeInput.onnx], {}, node.name);
      const shape = target ? Array.from(target.data) : Array.from({ length: shapeInput.shape[0]! }, () => -1);
      values.set(node.name, { onnx: out, layout: "plain", shape });
    },
    Shape: (node) => {
      const x = valueOf(node.input![0]!);
      const out = g.node("Shape", [plainOf(x)], {}, node.name);
      values.set(node.name, { onnx: out, layout: "plain", shape: [x.shape.length] });
    },
    StridedSlice: (node) => {
      const x = valueOf(node.input![0]!);
      const [begin, end, strides] = [1, 2, 3].map((i) => Array.from(constOf(node.input![i]!, node.name).data));
      if (attrInt(node, "ellipsis_mask", 0) || attrInt(node, "new_axis_mask", 0)) {
        throw new ModelConversionError(`${node.name}: ellipsis and new-axis masks are not supported`);
      }
      const beginMask = attrInt(node, "begin_mask", 0);
      const endMask = attrInt(node, "end_mask", 0);
      const shrinkMask = attrInt(node, "shrink_axis_mask", 0);
      const n = begin!.length;
      const big = 2 ** 31 - 1;
      const starts: number[] = [];
      const ends: number[] = [];
      const shrink: number[] = [];
      for (let i = 0; i < n; i++) {
        const step = strides![i]!;
        starts.push(beginMask & (1 << i) ? (step > 0 ? 0 : big) : begin![i]!);
        if (shrinkMask & (1 << i)) {
          ends.push(begin![i]! === -1 ? big : begin![i]! + 1);
          shrink.push(i);
        } else ends.push(endMask & (1 << i) ? (step > 0 ? big : -big) : end![i]!);
      }
      const axes = Array.from({ length: n }, (_, i) => i);
      let out = g.node(
        "Slice",
        [
          plainOf(x),
          g.int64s(`${node.name}/starts`, [n], starts),
          g.int64s(`${node.name}/ends`, [n], ends),
          g.int64s(`${node.name}/axes`, [n], axes),
          g.int64s(`${node.name}/steps`, [n], strides!),
        ],
        {},
        shrink.length ? `${node.name}/slice` : node.name,
      );
      if (shrink.length) out = g.node("Squeeze", [out, g.int64s(`${node.name}/squeeze_axes`, [shrink.length], shrink)], {}, node.name);
      const shape = x.shape.filter((_, i) => !shrink.includes(i)).map(() => -1);
      values.set(node.name, { onnx: out, layout: "plain", shape });
    },
    Pack: (node) => {
      const axis = attrInt(node, "axis", 0);
      const parts = node.input!.map((i) => {
        const v = valueOf(i);
        return g.node("Unsqueeze", [plainOf(v), g.int64s(`${node.name}/axes`, [1], [axis])], {}, `${node.name}/part`);
      });
      const out = g.node("Concat", parts, { axis }, node.name);
      const first = valueOf(node.input![0]!).shape;
      const shape = [...first];
      shape.splice(axis, 0, node.input!.length);
      values.set(node.name, { onnx: out, layout: "plain", shape });
    },
  };

  function unary(node: TfNode, build: (x: string) => string): void {
    const x = valueOf(node.input![0]!);
    values.set(node.name, { onnx: build(x.onnx), layout: x.layout, shape: x.shape });
  }

  for (const node of topoSort(model.nodes)) {
    const handler = handlers[node.op];
    if (!handler) throw new ModelConversionError(`Unsupported TensorFlow op ${node.op} (node ${node.name})`);
    if (node.op === "Const" && !consts.has(node.name)) throw new ModelConversionError(`Constant ${node.name} has no weights`);
    handler(node);
  }

  for (const out of model.outputs) {
    const v = values.get(out.node);
    if (!v) throw new ModelConversionError(`Output ${out.key} (${out.node}) is not produced by the graph`);
    const name = g.node("Identity", [plainOf(v)], {}, out.key);
    if (name !== out.key) throw new ModelConversionError(`Output name ${out.key} clashes with a tensor of the graph`);
    g.output(out.key, out.shape.map((d, i): OnnxDim => (i === 0 || d < 0 ? "batch" : d)));
  }

  return g.encode({
    graphName: options.graphName ?? "tfjs_graph",
    producer: "gma-insight tfjs-to-onnx",
    docString: `Converted from a TensorFlow.js graph model; weights stored as ${precision}.`,
    metadata: { weight_precision: precision, ...options.metadata },
  });
}
