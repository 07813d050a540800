import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const workspace = fileURLToPath(new URL("../..", import.meta.url));

describe("p1-pose-crop benchmark", () => {
  it("runs in --quick mode and ends with a BENCH line carrying every figure", async () => {
    const { stdout } = await run("npx", ["tsx", "bench/p1-pose-crop.ts", "--quick"], { cwd: workspace, timeout: 120_000 });
    const lines = stdout.trim().split("\n");
    const last = lines.at(-1)!;
    expect(last.startsWith("BENCH ")).toBe(true);
    const bench = JSON.parse(last.slice(6)) as Record<string, unknown>;
    expect(bench).toMatchObject({ id: "p1-pose-crop", quick: true });
    for (const key of ["js_loop_540p_ms", "ort_gridsample_540p_ms", "ort_vs_js_540p_ratio", "max_abs_diff", "cpus", "cpu", "node"]) {
      expect(bench, key).toHaveProperty(key);
    }
    expect(bench.max_abs_diff as number).toBeLessThan(1e-3);
    expect(bench.js_loop_540p_ms as number).toBeGreaterThan(0);
  }, 120_000);
});
