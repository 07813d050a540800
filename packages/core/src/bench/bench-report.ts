import os from "node:os";

/** Machine description every BENCH line carries, so figures are never read without their context. */
export interface MachineInfo {
  cpus: number;
  cpu: string;
  node: string;
}

/** Describes the machine the benchmark runs on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpu: cpus[0]?.model.trim() ?? "unknown", node: process.version };
}

/** Arguments every benchmark understands: `--quick` for the small sizes the test suite uses. */
export interface BenchArgs {
  quick: boolean;
  rest: string[];
}

/** Parses `process.argv`-style arguments of a benchmark script. */
export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  return { quick: argv.includes("--quick"), rest: argv.filter((a) => a !== "--quick") };
}

/** Median of a non-empty sample (mean of the two middle values for even sizes). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty sample");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of an empty sample");
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** Rounds figures for the BENCH line so it stays readable; keeps 4 significant digits. */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 12)));
}

/**
 * Prints the benchmark's single closing line:
 * `BENCH {"id":...,"quick":...,"cpus":...,"cpu":...,"node":..., ...figures}`.
 */
export function printBench(id: string, quick: boolean, figures: Record<string, number | string | boolean | null>): string {
  const rounded: Record<string, number | string | boolean | null> = {};
  for (const [k, v] of Object.entries(figures)) rounded[k] = typeof v === "number" ? roundFigure(v) : v;
  const line = `BENCH ${JSON.stringify({ id, quick, ...machineInfo(), ...rounded })}`;
  process.stdout.write(`${line}\n`);
  return line;
}

/** Progress line for long benchmarks (stderr, so the BENCH line stays last on stdout). */
export function benchLog(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
