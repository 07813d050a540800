import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CORE = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = path.resolve(CORE, "../../node_modules/.bin/tsx");

/** What one `--quick` run of a benchmark gave: its exit code, the parsed BENCH line (if any) and stderr. */
export interface QuickBenchRun {
  code: number;
  bench: Record<string, unknown> | undefined;
  stdout: string;
  stderr: string;
}

/** Runs `bench/<id>.ts --quick` with tsx from the workspace, as `npm run bench -- <id> --quick` does. */
export function runQuickBench(id: string, timeoutMs = 120_000): Promise<QuickBenchRun> {
  return new Promise((resolve) => {
    execFile(TSX, [path.join(CORE, "bench", `${id}.ts`), "--quick"], { cwd: CORE, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const last = stdout.trim().split("\n").at(-1) ?? "";
      const bench = last.startsWith("BENCH ") ? (JSON.parse(last.slice(6)) as Record<string, unknown>) : undefined;
      resolve({ code, bench, stdout, stderr });
    });
  });
}

/** Figures every BENCH line carries. */
export const MACHINE_FIGURES = ["id", "quick", "cpus", "cpu", "node"];
