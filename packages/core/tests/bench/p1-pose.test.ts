import { beforeAll, describe, expect, it } from "vitest";
import { ensurePoseModels } from "../cli/support/cli-fixtures";
import { MACHINE_FIGURES, runQuickBench } from "./support/run-quick-bench";

describe("p1-pose benchmark", () => {
  beforeAll(async () => {
    await ensurePoseModels();
  }, 300_000);

  it("runs in --quick mode and ends with a BENCH line carrying every figure", async () => {
    const run = await runQuickBench("p1-pose", 170_000);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.bench).toMatchObject({ id: "p1-pose", quick: true, variant: "full" });
    const figures = ["frames_per_s", "realtime_factor", "ort_vs_tfjs_ratio", "peak_rss_mib_1min", "peak_rss_mib_4min", "rss_growth_ratio", "keypoints_compression_ratio", "landmark_max_diff"];
    for (const key of [...MACHINE_FIGURES, ...figures]) expect(run.bench, key).toHaveProperty(key);
    for (const key of figures) expect(run.bench![key] as number, key).toBeGreaterThan(0);
    expect(run.bench!.person_found_share as number).toBeGreaterThanOrEqual(0.9);
    expect(run.bench!.frames).toBe(125);
  }, 180_000);
});
