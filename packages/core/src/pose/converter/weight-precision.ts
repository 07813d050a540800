import { float32ToFloat16 } from "./float16";
import { OnnxGraphBuilder, OnnxType } from "./onnx-graph-builder";

/** How convolution weights are stored in the ONNX file; all run as float32 once loaded. */
export type WeightPrecision = "fp32" | "fp16" | "int8";

/** Every supported weight precision, largest file first. */
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ["fp32", "fp16", "int8"];

/**
 * Adds a convolution weight (ONNX layout, output channels on axis 0) to the graph in the
 * requested storage precision and returns the name of a float32 tensor holding it.
 *
 * fp16 and int8 are dequantised by Cast (and Mul) nodes on constants, which onnxruntime folds
 * away when it creates the session: the file shrinks, inference runs on float32 as before.
 * int8 is symmetric and per output channel, so one small channel does not lose its resolution
 * to a large one elsewhere in the layer.
 */
export function addWeight(g: OnnxGraphBuilder, base: string, dims: number[], data: Float32Array, precision: WeightPrecision): string {
  if (precision === "fp32") return g.initializer(base, OnnxType.FLOAT, dims, data);
  if (precision === "fp16") {
    const half = g.initializer(`${base}/fp16`, OnnxType.FLOAT16, dims, float32ToFloat16(data));
    return g.node("Cast", [half], { to: OnnxType.FLOAT }, base);
  }
  const channels = dims[0]!;
  const per = data.length / channels;
  const q = new Int8Array(data.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let max = 0;
    for (let i = c * per; i < (c + 1) * per; i++) max = Math.max(max, Math.abs(data[i]!));
    const scale = max > 0 ? max / 127 : 1;
    scales[c] = scale;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.round(data[i]! / scale);
  }
  const qName = g.initializer(`${base}/int8`, OnnxType.INT8, dims, q);
  const scaleDims = dims.map((d, i) => (i === 0 ? d : 1));
  const scaleName = g.initializer(`${base}/scale`, OnnxType.FLOAT, scaleDims, scales);
  const asFloat = g.node("Cast", [qName], { to: OnnxType.FLOAT }, `${base}/int8_as_float`);
  return g.node("Mul", [asFloat, scaleName], {}, base);
}
