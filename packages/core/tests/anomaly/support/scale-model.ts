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

/**
 * Hybrid scoring constants (model card schema 2) with distinct writhing and fidgety references,
 * so that a test can tell which one was used.
 */
export function hybridScoringJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ref = (writhing: [number, number], fidgety: [number, number]): Record<string, unknown> => ({
    writhing: { mean: writhing[0], std: writhing[1] },
    fidgety: { mean: fidgety[0], std: fidgety[1] },
  });
  return {
    kind: "hybrid-max-z",
    version: 1,
    components: ["reconstruction", "amplitude", "leftRightLogRatio", "crossLimbCorrelation", "distalProximalRatio", "spectralPeakShare"],
    periods: { names: ["writhing", "fidgety"], fidgetyFromWeeks: 9 },
    reconstruction: ref([-6, 0.5], [-7, 0.4]),
    features: {
      amplitude: ref([0.09, 0.015], [0.075, 0.012]),
      leftRightLogRatio: ref([0.13, 0.1], [0.1, 0.08]),
      crossLimbCorrelation: ref([0.38, 0.11], [0.28, 0.08]),
      distalProximalRatio: ref([1.6, 0.2], [1.55, 0.18]),
      spectralPeakShare: ref([0.8, 0.07], [0.7, 0.08]),
    },
    threshold: 2.75,
    ...overrides,
  };
}
