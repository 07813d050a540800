export { machineInfo, parseBenchArgs, median, percentile, roundFigure, printBench, benchLog } from "./bench-report";
export type { MachineInfo, BenchArgs } from "./bench-report";
