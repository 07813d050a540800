export { runGma } from "./gma";
export { EXIT_CODES, exitCodeFor } from "./exit-codes";
export { ProgressBars } from "./progress-bar";
export type { ProgressBarsOptions, ProgressOutput } from "./progress-bar";
export { OutputUnwritableError } from "./output-unwritable-error";
export { UsageError } from "./usage-error";
export type { CliContext } from "./cli-context";
