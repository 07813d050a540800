/**
 * Writes a window dataset file (see dataset-format.ts) for the trainer.
 *
 *   tsx packages/core/src/synthetic/make-dataset.ts --out data.gmads --seed 1 --infants 90
 *       [--anomaly-infants 20] [--duration 30] [--stride 5] [--no-dropouts]
 *       [--import <folder|file> --import-class fidgety --import-label normal --age-weeks 12 --source-fps 30] ...
 *
 * `--infants K` normal infants (half fidgety, half writhing) and `--anomaly-infants M`
 * of each anomaly class are simulated; each `--import` adds one real recording (repeatable, with
 * the class, label, age and fps options applying to all imports). Progress goes to stderr; the
 * last stdout line is a JSON summary. Bad options exit 2 with the message and its stable code, as
 * `gma` does; the file is written whole or not at all.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { choiceOption, invalidAge, numberOption, parseCliArgs, schemas } from "../cli/cli-options";
import { checkOutputFile, writeOutputFile } from "../cli/output-file";
import { runScript } from "../cli/run-script";
import { UsageError } from "../cli/usage-error";
import { DatasetBuilder } from "./dataset-builder";
import { encodeDataset, type WindowDataset } from "./dataset-format";
import { importKeypointText } from "./keypoint-import";
import { MOVEMENT_CLASSES, type MovementClassName } from "./movement-classes";
import { makeSyntheticDataset } from "./synthetic-dataset";

/** make-dataset's options, as both `gma dataset make --help` and the script's usage list them. */
export const MAKE_DATASET_OPTIONS = `Options:
  --out <file.gmads>       where to write the dataset (required)
  --infants <K>            normal infants to simulate, half fidgety, half writhing
  --anomaly-infants <M>    infants of each anomaly class (default: a quarter of --infants)
  --seed <N>               whole number from 0 to 4294967295 (default 1); the same seed gives the same file
  --duration <S>           seconds per simulated infant, 2 to 3600 (default 30)
  --stride <F>             frames between window starts, at least 1 (default 5)
  --no-dropouts            no simulated tracking dropouts
  --import <folder|file>   a recording of real keypoints (repeatable; not with simulated infants)
  --import-class <C>       class name of the imports (default imported)
  --import-label <L>       normal (default) or anomaly
  --age-weeks <N>          age of the imported infants, weeks after birth, 0 to 104 (default 12)
  --source-fps <F>         frame rate of the imports (default 30)`;

const MAKE_DATASET_USAGE = `tsx packages/core/src/synthetic/make-dataset.ts --out <file.gmads> --infants K [options]
tsx packages/core/src/synthetic/make-dataset.ts --out <file.gmads> --import <folder|file> [options]

${MAKE_DATASET_OPTIONS}`;

const OPTIONS = {
  out: { type: "string" },
  seed: { type: "string" },
  infants: { type: "string" },
  "anomaly-infants": { type: "string" },
  duration: { type: "string" },
  stride: { type: "string" },
  "no-dropouts": { type: "boolean" },
  import: { type: "string", multiple: true },
  "import-class": { type: "string" },
  "import-label": { type: "string" },
  "age-weeks": { type: "string" },
  "source-fps": { type: "string" },
} as const;

// Under 2 s a simulated infant holds too few 30-frame windows to be worth a dataset entry.
const DURATION = z.number({ error: "must be a number of seconds" }).finite().min(2, "must be at least 2 seconds").max(3600, "must be at most 3600 seconds");
const LABELS = ["normal", "anomaly"] as const;

/** Parsed command line of make-dataset. */
export interface MakeDatasetArgs {
  out: string;
  seed: number;
  infants: number;
  anomalyInfants: number;
  durationS: number;
  stride: number;
  dropouts: boolean;
  imports: string[];
  importClass: string;
  importLabel: "normal" | "anomaly";
  ageWeeks: number;
  sourceFps: number;
}

/**
 * Parses and validates make-dataset's arguments with gma's option rules (a negative or
 * malformed number is refused by name, `--out` is checked before anything is simulated).
 *
 * @throws UsageError (CLI_USAGE), InvalidAgeError (INVALID_AGE) or OutputUnwritableError (OUTPUT_UNWRITABLE); all exit 2.
 */
export function parseMakeDatasetArgs(argv: string[]): MakeDatasetArgs {
  const { values } = parseCliArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const infants = numberOption("infants", values.infants, schemas.count) ?? 0;
  const anomalyInfants = numberOption("anomaly-infants", values["anomaly-infants"], schemas.count);
  const imports = values.import ?? [];
  if (imports.length > 0 && (infants > 0 || (anomalyInfants ?? 0) > 0)) {
    throw new UsageError("mixing --import with simulated infants (--infants, --anomaly-infants) in one file is not supported; write two files");
  }
  if (infants === 0 && imports.length === 0) throw new UsageError("nothing to write: give --infants K (at least 1) to simulate infants, or --import <folder|file> for recorded keypoints");
  const seed = numberOption("seed", values.seed, schemas.seed) ?? 1;
  const durationS = numberOption("duration", values.duration, DURATION) ?? 30;
  const stride = numberOption("stride", values.stride, schemas.positiveInt) ?? 5;
  const importLabel = choiceOption("import-label", values["import-label"], LABELS) ?? "normal";
  const importClass = values["import-class"] ?? "imported";
  if (importClass.trim() === "") throw new UsageError("--import-class must name a class, got an empty name");
  const ageWeeks = numberOption("age-weeks", values["age-weeks"], schemas.ageWeeks, invalidAge) ?? 12;
  const sourceFps = numberOption("source-fps", values["source-fps"], schemas.fps) ?? 30;
  if (values.out === undefined) throw new UsageError("--out <file.gmads> is required");
  const out = checkOutputFile(values.out, [".gmads"]);
  return {
    out,
    seed,
    infants,
    anomalyInfants: anomalyInfants ?? Math.round(infants / 4),
    durationS,
    stride,
    dropouts: !values["no-dropouts"],
    imports,
    importClass,
    importLabel,
    ageWeeks,
    sourceFps,
  };
}

/** Builds the dataset the arguments describe. */
export function makeDatasetFromArgs(args: MakeDatasetArgs, onProgress?: (done: number, total: number) => void): WindowDataset {
  if (args.imports.length === 0) {
    // Both normal periods equally: with writhing a minority the autoencoder fitted it worse, and
    // writhing infants then made up most of the normal windows above the threshold.
    const fidgety = Math.ceil(args.infants / 2);
    const perClass: Partial<Record<MovementClassName, number>> = { fidgety, writhing: args.infants - fidgety };
    for (const cls of Object.values(MOVEMENT_CLASSES)) if (cls.label === "anomaly") perClass[cls.name] = args.anomalyInfants;
    return makeSyntheticDataset({ seed: args.seed, infantsPerClass: perClass, durationS: args.durationS, stride: args.stride, dropouts: args.dropouts, ...(onProgress ? { onProgress } : {}) });
  }
  if (args.infants > 0) throw new RangeError("mixing --import with simulated --infants in one file is not supported; write two files");
  const builder = new DatasetBuilder({ prepare: { stride: args.stride }, synthetic: false, provenance: { generator: "@gma/core keypoint importer", imports: args.imports, sourceFps: args.sourceFps } });
  args.imports.forEach((path, i) => {
    builder.addSequence(importKeypointText(path, { sourceFps: args.sourceFps }), { className: args.importClass, label: args.importLabel, ageWeeks: args.ageWeeks, source: path });
    onProgress?.(i + 1, args.imports.length);
  });
  return builder.build();
}

async function main(argv: string[]): Promise<void> {
  const args = parseMakeDatasetArgs(argv);
  const started = Date.now();
  const ds = makeDatasetFromArgs(args, (done, total) => {
    if (done === total || done % 10 === 0) process.stderr.write(`make-dataset: ${done}/${total} recordings\n`);
  });
  await writeOutputFile(args.out, encodeDataset(ds));
  const summary = { out: args.out, windows: ds.header.count, infants: ds.header.infants.length, classes: ds.header.classes, seconds: (Date.now() - started) / 1000 };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runScript("make-dataset", MAKE_DATASET_USAGE, main);
