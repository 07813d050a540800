import { beforeAll, describe, expect, it } from "vitest";
import { ensurePoseModels } from "../cli/support/cli-fixtures";
import { MACHINE_FIGURES, runQuickBench } from "./support/run-quick-bench";

describe("p1-concurrent-analyses benchmark", () => {
  beforeAll(async () => {
    await ensurePoseModels();
  }, 300_000);

  it("runs in --quick mode and ends with a BENCH line carrying every figure", async () => {
    const run = await runQuickBench("p1-concurrent-analyses", 170_000);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.bench).toMatchObject({ id: "p1-concurrent-analyses", quick: true, clip_s: 6, rounds: 1 });
    expect(run.bench!.concurrent as number).toBeGreaterThanOrEqual(2);
    const figures = ["throughput_ratio", "concurrent_ms_on_thread", "concurrent_ms_instances", "single_ms_on_thread", "single_ms_instances", "single_ratio"];
    for (const key of [...MACHINE_FIGURES, ...figures]) expect(run.bench, key).toHaveProperty(key);
    for (const key of figures) expect(run.bench![key] as number, key).toBeGreaterThan(0);
  }, 180_000);
});
