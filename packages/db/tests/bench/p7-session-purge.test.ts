import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const FIGURES = ["p99_idle_ms", "p99_during_purge_ms", "p99_ratio", "rows_per_s", "busy_errors", "single_delete_p99_ratio", "same_conn_p99_ratio"];

describe("p7-session-purge benchmark", () => {
  it("runs in --quick mode and ends with a BENCH line carrying every figure", () => {
    const cwd = path.resolve(import.meta.dirname, "../..");
    const tsx = path.resolve(cwd, "../../node_modules/.bin/tsx");
    const r = spawnSync(tsx, ["bench/p7-session-purge.ts", "--quick"], { cwd, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const last = lines.at(-1) ?? "";
    expect(last.startsWith("BENCH ")).toBe(true);
    const bench = JSON.parse(last.slice(6)) as Record<string, unknown>;
    expect(bench).toMatchObject({ id: "p7-session-purge", quick: true });
    for (const figure of FIGURES) expect(typeof bench[figure], figure).toBe("number");
    expect(bench.busy_errors).toBe(0);
  }, 150_000);
});
