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
 * last stdout line is a JSON summary.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { DatasetBuilder } from "./dataset-builder";
import { writeDataset, type WindowDataset } from "./dataset-format";
import { importKeypointText } from "./keypoint-import";
import { MOVEMENT_CLASSES, type MovementClassName } from "./movement-classes";
import { makeSyntheticDataset } from "./synthetic-dataset";

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

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 0): number {
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`--${name} must be an integer >= ${min}, got ${raw}`);
  return v;
}

/** Parses and validates make-dataset's arguments. */
export function parseMakeDatasetArgs(argv: string[]): MakeDatasetArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
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
    },
    strict: true,
  });
  if (!values.out) throw new RangeError("--out <file> is required");
  const infants = positiveInt("infants", values.infants, 0);
  const imports = values.import ?? [];
  if (infants === 0 && imports.length === 0) throw new RangeError("nothing to write: give --infants K (> 0) and/or --import <path>");
  const importLabel = values["import-label"] ?? "normal";
  if (importLabel !== "normal" && importLabel !== "anomaly") throw new RangeError(`--import-label must be normal or anomaly, got ${importLabel}`);
  const durationS = Number(values.duration ?? 30);
  if (!(durationS >= 2 && durationS <= 3600)) throw new RangeError(`--duration must be 2-3600 seconds, got ${values.duration}`);
  const ageWeeks = Number(values["age-weeks"] ?? 12);
  if (!(ageWeeks >= 0 && ageWeeks < 104)) throw new RangeError(`--age-weeks must lie in [0, 104), got ${values["age-weeks"]}`);
  const sourceFps = Number(values["source-fps"] ?? 30);
  if (!(sourceFps > 0)) throw new RangeError(`--source-fps must be positive, got ${values["source-fps"]}`);
  return {
    out: values.out,
    seed: positiveInt("seed", values.seed, 1),
    infants,
    anomalyInfants: positiveInt("anomaly-infants", values["anomaly-infants"], Math.round(infants / 4)),
    durationS,
    stride: positiveInt("stride", values.stride, 5, 1),
    dropouts: !values["no-dropouts"],
    imports,
    importClass: values["import-class"] ?? "imported",
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

function main(): void {
  let args: MakeDatasetArgs;
  try {
    args = parseMakeDatasetArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`make-dataset: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const ds = makeDatasetFromArgs(args, (done, total) => {
    if (done === total || done % 10 === 0) process.stderr.write(`make-dataset: ${done}/${total} recordings\n`);
  });
  writeDataset(args.out, ds);
  const summary = { out: args.out, windows: ds.header.count, infants: ds.header.infants.length, classes: ds.header.classes, seconds: (Date.now() - started) / 1000 };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
