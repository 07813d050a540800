import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/env";

describe("inference settings", () => {
  it("default to the auto provider on device 0, onnxruntime's thread choice, the CPU arena, and warm-up in production only", () => {
    const common = { executionProvider: "auto", deviceId: 0, gpuMemLimitMb: undefined, intraOpThreads: 0, cpuArena: true, allowSpinning: false, anomalyInstances: 0, poseInstances: 0 };
    expect(parseConfig({ GMA_PROFILE: "production" }).inference).toEqual({ ...common, warmUp: true });
    expect(parseConfig({ GMA_PROFILE: "development" }).inference).toEqual({ ...common, warmUp: false });
    // Blank values (a copied .env.example) count as unset.
    const blank = { INFERENCE_EXECUTION_PROVIDER: "", INFERENCE_DEVICE_ID: "", INFERENCE_GPU_MEM_LIMIT_MB: "", INFERENCE_INTRA_OP_THREADS: "", INFERENCE_CPU_ARENA: "", INFERENCE_ALLOW_SPINNING: "", INFERENCE_ANOMALY_INSTANCES: "", INFERENCE_POSE_INSTANCES: "", MODEL_WARMUP: "" };
    expect(parseConfig({ GMA_PROFILE: "production", ...blank }).inference).toEqual({ ...common, warmUp: true });
  });

  it("take explicit values over the defaults", () => {
    const c = parseConfig({
      GMA_PROFILE: "production",
      INFERENCE_EXECUTION_PROVIDER: "cuda",
      INFERENCE_DEVICE_ID: "1",
      INFERENCE_GPU_MEM_LIMIT_MB: "4096",
      INFERENCE_INTRA_OP_THREADS: "2",
      INFERENCE_CPU_ARENA: "off",
      INFERENCE_ALLOW_SPINNING: "on",
      INFERENCE_ANOMALY_INSTANCES: "4",
      INFERENCE_POSE_INSTANCES: "3",
      MODEL_WARMUP: "false",
    });
    expect(c.inference).toEqual({ executionProvider: "cuda", deviceId: 1, gpuMemLimitMb: 4096, intraOpThreads: 2, cpuArena: false, allowSpinning: true, anomalyInstances: 4, poseInstances: 3, warmUp: false });
    expect(parseConfig({ GMA_PROFILE: "development", INFERENCE_EXECUTION_PROVIDER: "cpu", MODEL_WARMUP: "yes" }).inference).toMatchObject({ executionProvider: "cpu", warmUp: true });
  });

  it("give the pose models one instance per analysis the worker runs at once unless told otherwise", () => {
    expect(parseConfig({ WORKER_CONCURRENCY: "1" }).inference.poseInstances).toBe(0);
    expect(parseConfig({ WORKER_CONCURRENCY: "4" }).inference.poseInstances).toBe(4);
    expect(parseConfig({ WORKER_CONCURRENCY: "4", INFERENCE_POSE_INSTANCES: "0" }).inference.poseInstances).toBe(0);
    expect(parseConfig({ WORKER_CONCURRENCY: "4", INFERENCE_POSE_INSTANCES: "2" }).inference.poseInstances).toBe(2);
  });

  it("refuse bad values, naming each variable at once", () => {
    const bad: Record<string, string[]> = {
      INFERENCE_EXECUTION_PROVIDER: ["gpu", "CUDA", "tensorrt", "true"],
      INFERENCE_DEVICE_ID: ["-1", "0.5", "first", "256"],
      INFERENCE_GPU_MEM_LIMIT_MB: ["0", "-512", "1.5", "4GB"],
      INFERENCE_INTRA_OP_THREADS: ["-1", "2.5", "all", "1025"],
      INFERENCE_CPU_ARENA: ["maybe", "2"],
      INFERENCE_ALLOW_SPINNING: ["spin", "3"],
      INFERENCE_ANOMALY_INSTANCES: ["-1", "1.5", "all", "65"],
      INFERENCE_POSE_INSTANCES: ["-2", "0.5", "auto", "100"],
      MODEL_WARMUP: ["later", "-"],
    };
    for (const [name, values] of Object.entries(bad)) {
      for (const value of values) {
        const label = `${name}=${value}`;
        expect(() => parseConfig({ [name]: value }), label).toThrow(ConfigError);
        expect(() => parseConfig({ [name]: value }), label).toThrow(new RegExp(`\\b${name}:`));
      }
    }
    expect(() => parseConfig({ INFERENCE_EXECUTION_PROVIDER: "gpu" })).toThrow(/INFERENCE_EXECUTION_PROVIDER: expected auto, cpu or cuda/);
    try {
      parseConfig({ INFERENCE_EXECUTION_PROVIDER: "gpu", INFERENCE_INTRA_OP_THREADS: "-1", MODEL_WARMUP: "later" });
      expect.unreachable("parseConfig accepted three bad variables");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(":")[0]).sort()).toEqual(["INFERENCE_EXECUTION_PROVIDER", "INFERENCE_INTRA_OP_THREADS", "MODEL_WARMUP"]);
    }
  });
});
