import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Tensor } from "onnxruntime-node";
import { buildMlpModel, createInferenceSession, createSessionFactory, detectExecutionProviders, resolveExecutionProvider, resolveSessionOptions } from "../../src/inference";

describe("session factory", () => {
  it("flushes denormals, keeps intra-op threads from spinning, uses the CPU arena and full graph optimisation by default", () => {
    const { sessionOptions } = resolveSessionOptions({ executionProvider: "cpu" });
    expect(sessionOptions.extra).toEqual({ session: { set_denormal_as_zero: "1", "intra_op.allow_spinning": "0" } });
    expect(sessionOptions).toMatchObject({ graphOptimizationLevel: "all", enableCpuMemArena: true, intraOpNumThreads: 0 });
    expect(sessionOptions.executionProviders).toEqual([{ name: "cpu", useArena: true }]);
    expect(resolveSessionOptions({ executionProvider: "cpu", flushDenormals: false, allowSpinning: true }).sessionOptions.extra).toEqual({ session: { set_denormal_as_zero: "0", "intra_op.allow_spinning": "1" } });
  });

  it("creates sessions that run with spinning on and off alike", async () => {
    const model = buildMlpModel({ inputSize: 8, layerSizes: [16, 4] });
    const input = new Float32Array(8).map((_, i) => i / 8);
    const outputs = [];
    for (const allowSpinning of [false, true]) {
      const session = await createInferenceSession(model.bytes, { executionProvider: "cpu", intraOpNumThreads: 2, allowSpinning });
      outputs.push(Array.from((await session.run({ input: new Tensor("float32", input, [1, 8]) })).output!.data as Float32Array));
      await session.release();
    }
    expect(outputs[0]).toEqual(outputs[1]);
    const reference = model.forward(input, 1);
    outputs[0]!.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 5));
  });

  it("falls back to CPU on auto where CUDA cannot run, and refuses an explicit CUDA request there", () => {
    const cuda = detectExecutionProviders().cuda;
    const auto = createSessionFactory({ executionProvider: "auto" });
    expect(auto.executionProvider).toBe(cuda.available ? "cuda" : "cpu");
    if (!cuda.available) {
      expect(() => createSessionFactory({ executionProvider: "cuda" })).toThrow(expect.objectContaining({ code: "EXECUTION_PROVIDER_UNAVAILABLE" }));
    } else {
      expect(createSessionFactory({ executionProvider: "cuda", gpuMemLimitBytes: 2 ** 30 }).sessionOptions.executionProviders![0]).toMatchObject({ name: "cuda", gpu_mem_limit: String(2 ** 30) });
    }
  });

  it("resolves a provider choice without loading anything, saying why auto took the CPU", () => {
    const cuda = detectExecutionProviders().cuda;
    expect(resolveExecutionProvider("cpu")).toEqual({ executionProvider: "cpu", reason: "the CPU provider was asked for" });
    expect(resolveExecutionProvider("auto")).toEqual(cuda.available ? { executionProvider: "cuda", reason: cuda.reason } : { executionProvider: "cpu", reason: `auto fell back to CPU: ${cuda.reason}` });
    if (!cuda.available) {
      // This machine: no CUDA build of onnxruntime-node (its CUDA provider comes from NuGet at install time) and no GPU.
      expect(() => resolveExecutionProvider("cuda")).toThrow(expect.objectContaining({ code: "EXECUTION_PROVIDER_UNAVAILABLE", message: `execution provider "cuda" is not available: ${cuda.reason}` }));
    }
    expect(() => resolveExecutionProvider("gpu" as "cuda")).toThrow(/executionProvider must be "auto", "cpu" or "cuda", got "gpu"/);
  });

  it("rejects thread counts that are not whole numbers", () => {
    expect(() => resolveSessionOptions({ intraOpNumThreads: -1 })).toThrow(/intraOpNumThreads/);
    expect(() => resolveSessionOptions({ interOpNumThreads: 1.5 })).toThrow(/interOpNumThreads/);
  });

  it("loads a model from a file path and from bytes with the same outputs as the reference", async () => {
    const model = buildMlpModel({ inputSize: 10, layerSizes: [20, 20, 3], seed: 5 });
    const dir = mkdtempSync(path.join(os.tmpdir(), "gma-session-"));
    try {
      const file = path.join(dir, "mlp.onnx");
      writeFileSync(file, model.bytes);
      const x = Float32Array.from({ length: 30 }, (_, i) => (i % 7) - 3);
      const expected = model.forward(x, 3);
      for (const source of [file, model.bytes]) {
        const session = await createInferenceSession(source, { executionProvider: "cpu", intraOpNumThreads: 1, graphOptimizationLevel: "basic" });
        const out = (await session.run({ input: new Tensor("float32", x, [3, 10]) })).output!;
        expect(out.dims).toEqual([3, 3]);
        expected.forEach((v, i) => expect((out.data as Float32Array)[i]).toBeCloseTo(v, 4));
        await session.release();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("turns a missing or corrupt model into MODEL_LOAD_FAILED", async () => {
    await expect(createInferenceSession("/nonexistent/model.onnx")).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
    await expect(createInferenceSession(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
  });

  it("keeps outputs of a deep ReLU model within 1e-5 with denormals flushed", async () => {
    const model = buildMlpModel({ inputSize: 16, layerSizes: [64, 64, 64, 8], seed: 9 });
    const x = Float32Array.from({ length: 16 * 8 }, (_, i) => Math.sin(i) * 1e-3);
    const outputs: Float32Array[] = [];
    for (const flushDenormals of [true, false]) {
      const s = await createInferenceSession(model.bytes, { executionProvider: "cpu", flushDenormals, intraOpNumThreads: 1 });
      outputs.push((await s.run({ input: new Tensor("float32", x, [8, 16]) })).output!.data as Float32Array);
      await s.release();
    }
    outputs[0]!.forEach((v, i) => expect(Math.abs(v - outputs[1]![i]!)).toBeLessThan(1e-5));
  });
});
