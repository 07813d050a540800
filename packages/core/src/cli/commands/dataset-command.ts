import { MAKE_DATASET_OPTIONS, parseMakeDatasetArgs, writeDatasetFromArgs } from "../../synthetic/make-dataset";
import type { CliContext } from "../cli-context";
import { ProgressBars } from "../progress-bar";
import { UsageError } from "../usage-error";

export const DATASET_USAGE = `gma dataset make --out <file.gmads> --infants K [--anomaly-infants M] [--seed N]
                 [--duration S] [--stride F] [--no-dropouts]
gma dataset make --out <file.gmads> --import <folder|file> [--import-class C] [--import-label normal|anomaly]
                 [--age-weeks N] [--source-fps F]

Writes a window dataset for training: simulated infants (SYNTHETIC, labelled as such) or
imported real keypoints. The same as \`tsx packages/core/src/synthetic/make-dataset.ts\`.

${MAKE_DATASET_OPTIONS}`;

/**
 * `gma dataset make`: delegates to the synthetic dataset maker, which writes the file as it
 * simulates or imports (one recording in memory at a time); Ctrl-C stops it at the next
 * recording and removes the temporary file.
 */
export async function datasetCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h" || rest.includes("--help")) {
    ctx.stdout.write(`${DATASET_USAGE}\n`);
    return 0;
  }
  if (sub !== "make") throw new UsageError(sub ? `Unknown dataset command "${sub}"; expected make` : "gma dataset needs make");
  // Its errors are gma's own (CLI_USAGE, INVALID_AGE, OUTPUT_UNWRITABLE), all bad input.
  const args = parseMakeDatasetArgs(rest);
  if (args === "help") {
    ctx.stdout.write(`${DATASET_USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const bars = new ProgressBars(ctx.stderr);
  const stage = args.imports.length > 0 ? "import" : "simulate";
  const header = await writeDatasetFromArgs(args, {
    signal: ctx.signal,
    onProgress: (done, total) => bars.update(stage, (100 * done) / total),
    onFinishing: (done, total) => bars.update("write", (100 * done) / total),
  }).finally(() => bars.done());
  ctx.stdout.write(`${JSON.stringify({ out: args.out, windows: header.count, infants: header.infants.length, classes: header.classes, seconds: (performance.now() - started) / 1000 })}\n`);
  return 0;
}
