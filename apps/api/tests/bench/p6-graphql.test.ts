import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const API_DIR = fileURLToPath(new URL("../../", import.meta.url));
const TSX = path.resolve(API_DIR, "../../node_modules/.bin/tsx");

describe("p6-graphql benchmark", () => {
  it("runs with --quick and ends with one BENCH line holding every figure", async () => {
    const { stdout } = await promisify(execFile)(TSX, ["bench/p6-graphql.ts", "--quick"], { cwd: API_DIR, timeout: 120_000 });
    const lines = stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("BENCH ")).length).toBe(1);
    const bench = JSON.parse(lines.at(-1)!.slice("BENCH ".length)) as Record<string, number>;
    for (const key of ["sql_statements_100_analyses", "sql_statements_100_analyses_naive", "performance_stats_rps", "bare_apollo_rps", "throughput_ratio_vs_bare"]) {
      expect(Number.isFinite(bench[key]), key).toBe(true);
    }
    expect(bench.sql_statements_100_analyses).toBeLessThan(bench.sql_statements_100_analyses_naive!);
  }, 150_000);
});
