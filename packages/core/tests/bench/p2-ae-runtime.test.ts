import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MACHINE_FIGURES, runQuickBench } from "./support/run-quick-bench";

// The baseline is PyTorch from Debian's python3-torch, visible only to /usr/bin/python3.
const torchMissing = spawnSync("/usr/bin/python3", ["-c", "import torch, onnx"], { stdio: "ignore" }).status !== 0;

describe("p2-ae-runtime benchmark", () => {
  it.skipIf(torchMissing)("runs in --quick mode, checks PyTorch and onnxruntime agree, and ends with a BENCH line carrying every figure", async () => {
    const run = await runQuickBench("p2-ae-runtime");
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.stderr).toMatch(/outputs agree: max abs difference/);
    expect(run.bench).toMatchObject({ id: "p2-ae-runtime", quick: true });
    const figures = ["ort_vs_torch_ratio_b1", "ort_vs_torch_ratio_b64", "batch64_vs_batch1_per_window", "roofline_fraction", "flops_per_window", "matmul512_gflops_torch", "matmul512_gflops_ort", "ort_windows_per_s_b64", "torch_windows_per_s_b64"];
    for (const key of [...MACHINE_FIGURES, ...figures, "max_abs_diff", "torch_build", "flops_counting"]) expect(run.bench, key).toHaveProperty(key);
    for (const key of figures) expect(run.bench![key] as number, key).toBeGreaterThan(0);
    expect(run.bench!.max_abs_diff as number).toBeLessThanOrEqual(1e-4);
    expect(run.bench!.torch_build as string).toMatch(/PyTorch .*BLAS/);
  }, 120_000);

  it.runIf(torchMissing)("says clearly that it cannot measure without PyTorch, and fails rather than report", async () => {
    const run = await runQuickBench("p2-ae-runtime");
    expect(run.code).not.toBe(0);
    expect(run.bench).toBeUndefined();
    expect(run.stderr).toMatch(/cannot import torch/);
  }, 60_000);
});
