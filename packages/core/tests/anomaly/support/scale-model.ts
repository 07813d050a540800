import { OnnxGraphBuilder } from "../../../src/pose/converter/onnx-graph-builder";

/**
 * A real ONNX "autoencoder" whose reconstruction is `windows * scale`, with a dynamic batch
 * axis: its window error is exactly (1 - scale)^2 x mean(x^2), so tests can check scoring
 * against a closed form while onnxruntime really runs.
 */
export function buildScaleModel(scale: number, windowSize = 30): Uint8Array {
  const g = new OnnxGraphBuilder();
  g.input("windows", ["batch", windowSize, 75]);
  const factor = g.floats("scale", [], [scale]);
  const out = g.node("Mul", ["windows", factor], {}, "reconstruction");
  g.output(out, ["batch", windowSize, 75]);
  return g.encode({ graphName: "scale", producer: "gma-tests" });
}

/** A model card as training writes it, pointing at `file`. */
export function modelCardJson(file: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: "test-scale",
    modelVersion: "test-scale@000000000001",
    files: { onnx: file },
    io: { input: { name: "windows" }, output: { name: "reconstruction" }, opset: 13 },
    fps: 25,
    windowSize: 30,
    windowStride: 1,
    joints: 25,
    normalisation: { pipeline: "skeleton.prepareWindows" },
    threshold: 0.01,
    metrics: { summary: { specificity: 0.95 }, perClass: { absent_fidgety: { auroc: 0.97, sensitivity: 0.9, specificity: 0.95 } } },
    ...overrides,
  };
}
