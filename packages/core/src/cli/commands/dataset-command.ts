import { encodeDataset } from "../../synthetic";
import { MAKE_DATASET_OPTIONS, makeDatasetFromArgs, parseMakeDatasetArgs } from "../../synthetic/make-dataset";
import type { CliContext } from "../cli-context";
import { writeOutputFile } from "../output-file";
import { ProgressBars } from "../progress-bar";
import { UsageError } from "../usage-error";

export const DATASET_USAGE = `gma dataset make --out <file.gmads> --infants K [--anomaly-infants M] [--seed N]
                 [--duration S] [--stride F] [--no-dropouts]
gma dataset make --out <file.gmads> --import <folder|file> [--import-class C] [--import-label normal|anomaly]
                 [--age-weeks N] [--source-fps F]

Writes a window dataset for training: simulated infants (SYNTHETIC, labelled as such) or
imported real keypoints. The same as \`tsx packages/core/src/synthetic/make-dataset.ts\`.

${MAKE_DATASET_OPTIONS}`;

/** `gma dataset make`: delegates to the synthetic dataset maker. */
export async function datasetCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h" || rest.includes("--help")) {
    ctx.stdout.write(`${DATASET_USAGE}\n`);
    return 0;
  }
  if (sub !== "make") throw new UsageError(sub ? `unknown dataset command "${sub}"; expected make` : "gma dataset needs make");
  // Its errors are gma's own (CLI_USAGE, INVALID_AGE, OUTPUT_UNWRITABLE), all bad input.
  const args = parseMakeDatasetArgs(rest);
  if (args === "help") {
    ctx.stdout.write(`${DATASET_USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const bars = new ProgressBars(ctx.stderr);
  const ds = makeDatasetFromArgs(args, (done, total) => bars.update("simulate", (100 * done) / total));
  bars.done();
  await writeOutputFile(args.out, encodeDataset(ds));
  ctx.stdout.write(`${JSON.stringify({ out: args.out, windows: ds.header.count, infants: ds.header.infants.length, classes: ds.header.classes, seconds: (performance.now() - started) / 1000 })}\n`);
  return 0;
}
