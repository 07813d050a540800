import { beforeAll, describe, expect, it } from "vitest";
import { ensurePoseModels } from "../cli/support/cli-fixtures";
import { MACHINE_FIGURES, runQuickBench } from "./support/run-quick-bench";

describe("p1-pipeline benchmark", () => {
  beforeAll(async () => {
    await ensurePoseModels();
  }, 300_000);

  it("runs in --quick mode and ends with a BENCH line carrying every figure", async () => {
    const run = await runQuickBench("p1-pipeline", 170_000);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.bench).toMatchObject({ id: "p1-pipeline", quick: true, frames: 150, windows: 121 });
    const figures = ["realtime_factor", "frames_per_s", "total_ms", "decode_wait_ms", "pose_ms", "skeleton_ms", "windows_ms", "reconstruct_ms", "analyse_ms", "peak_rss_mib"];
    for (const key of [...MACHINE_FIGURES, ...figures, "quality_ms", "report_ms", "risk_level", "model_version"]) expect(run.bench, key).toHaveProperty(key);
    for (const key of figures) expect(run.bench![key] as number, key).toBeGreaterThan(0);
  }, 180_000);
});
