import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.resolve(workspace, "../../node_modules/.bin/tsx");

const figures: Record<string, string[]> = {
  "p3-dynamic-batching": ["throughput_ratio", "p95_ms_batched", "p95_ms_unbatched", "avg_batch_size", "rps_unbatched_spinning", "throughput_ratio_vs_spinning_unbatched", "ceiling_ratio", "batcher_efficiency", "throughput_ratio_instances", "instances_gain_batched", "event_loop_max_ms_direct", "event_loop_max_ms_instances"],
  "p4-model-cache": ["hit_vs_load_ratio", "loads_for_50_concurrent"],
  "p5-result-cache": ["speedup", "monitor_overhead_ns"],
};

describe("optimisation benchmarks in --quick mode", () => {
  for (const [id, names] of Object.entries(figures)) {
    it(`${id} ends with a BENCH line carrying every figure`, () => {
      const r = spawnSync(tsx, [path.join(workspace, "bench", `${id}.ts`), "--quick"], { cwd: workspace, encoding: "utf8", timeout: 90_000 });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split("\n");
      expect(lines.at(-1)).toMatch(/^BENCH /);
      const bench = JSON.parse(lines.at(-1)!.slice("BENCH ".length)) as Record<string, unknown>;
      expect(bench).toMatchObject({ id, quick: true });
      for (const key of ["cpus", "cpu", "node", ...names]) expect(bench[key], key).toBeDefined();
      for (const key of names) expect(Number.isFinite(bench[key]), key).toBe(true);
      if (id === "p4-model-cache") expect(bench.loads_for_50_concurrent).toBe(1);
    }, 120_000);
  }
});
