import { beforeAll, describe, expect, it } from "vitest";
import { ensurePoseModels } from "../cli/support/cli-fixtures";
import { MACHINE_FIGURES, runQuickBench } from "./support/run-quick-bench";

describe("p1-thread-spinning benchmark", () => {
  beforeAll(async () => {
    await ensurePoseModels();
  }, 300_000);

  it("runs in --quick mode and ends with a BENCH line carrying every figure", async () => {
    const run = await runQuickBench("p1-thread-spinning", 170_000);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.bench).toMatchObject({ id: "p1-thread-spinning", quick: true, rounds: 2, frames_per_sample: 15 });
    const figures = [
      "ms_per_frame_idle_nospin",
      "ms_per_frame_idle_spin",
      "ms_per_frame_contended_nospin",
      "ms_per_frame_contended_spin",
      "spin_vs_nospin_idle",
      "spin_vs_nospin_contended",
      "competitor_fps_beside_nospin",
      "competitor_fps_beside_spin",
    ];
    for (const key of [...MACHINE_FIGURES, ...figures, "model", "intra_op_threads"]) expect(run.bench, key).toHaveProperty(key);
    for (const key of figures) expect(run.bench![key] as number, key).toBeGreaterThan(0);
  }, 180_000);
});
