/**
 * Writes a window dataset file (see dataset-format.ts) for the trainer.
 *
 *   tsx packages/core/src/synthetic/make-dataset.ts --out data.gmads --seed 1 --infants 90
 *       [--anomaly-infants 20] [--duration 30] [--stride 5] [--no-dropouts]
 *       [--import <folder|file> --import-class fidgety --import-label normal --age-weeks 12 --source-fps 30] ...
 *
 * `--infants K` normal infants (half fidgety, half writhing) and `--anomaly-infants M`
 * of each anomaly class are simulated, as many as one dataset file holds (4 GiB; `--help` says
 * how many fit); each `--import` adds one real recording (repeatable, with the class, label, age
 * and fps options applying to all imports). Options of the simulation are refused with
 * `--import`, and the importer's without it. Progress goes to stderr; the last stdout line is a
 * JSON summary. Bad options exit 2 with the message and its stable code, as `gma` does; the file
 * is written whole or not at all (Ctrl-C or SIGTERM stop it at the next recording, remove the
 * temporary file and exit 130). It is written as it is made, one recording at a time
 * (writeDatasetFile), so memory stays near one recording's windows whatever the file's size.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { choiceOption, invalidAge, numberOption, parseCliArgs, schemas } from "../cli/cli-options";
import { checkOutputFile } from "../cli/output-file";
import { runScript } from "../cli/run-script";
import { UsageError } from "../cli/usage-error";
import { DEFAULT_WINDOW_SIZE } from "../skeleton";
import type { DatasetRecordings } from "./dataset-builder";
import { writeDatasetFile, type WriteDatasetFileOptions } from "./dataset-file-writer";
import { DATASET_MAX_BYTES, datasetWindowBytes, type DatasetHeader } from "./dataset-format";
import { importKeypointText } from "./keypoint-import";
import { MOVEMENT_CLASSES, type MovementClassName } from "./movement-classes";
import { ANALYSIS_FPS } from "./simulate-infant";
import { syntheticRecordings } from "./synthetic-dataset";

/** Anomaly classes, each of which gets `--anomaly-infants` infants. */
const ANOMALY_CLASS_COUNT = Object.values(MOVEMENT_CLASSES).filter((c) => c.label === "anomaly").length;
// An infant's entry in the file's JSON header (id, class, label, age, frames, windows, seed) is
// about 130 bytes; the header's fixed part (classes, preprocessing, provenance) about 1 kB.
const HEADER_BYTES_PER_INFANT = 256;
const HEADER_FIXED_BYTES = 16 * 1024;
const DEFAULT_DURATION_S = 30;
const DEFAULT_STRIDE = 5;

/**
 * Windows one simulated infant gives: a start every `stride` frames over `durationS` seconds at
 * the analysis rate, as a recording without tracking dropouts has (dropouts remove a few).
 */
function windowsPerInfant(durationS: number, stride: number): number {
  const frames = Math.round(durationS * ANALYSIS_FPS);
  return frames < DEFAULT_WINDOW_SIZE ? 0 : Math.floor((frames - DEFAULT_WINDOW_SIZE) / stride) + 1;
}

/** Bytes one simulated infant adds to a dataset file: its windows and its entry in the header. */
export function simulatedInfantBytes(durationS: number, stride: number): number {
  return windowsPerInfant(durationS, stride) * datasetWindowBytes(DEFAULT_WINDOW_SIZE) + HEADER_BYTES_PER_INFANT;
}

/**
 * Most simulated infants in all (normal and anomaly) whose windows fit one dataset file
 * ({@link DATASET_MAX_BYTES}) at this duration and stride: `--infants` and `--anomaly-infants`
 * are refused above it, since make-dataset would otherwise simulate for hours and write a file
 * the trainer cannot read ({@link DATASET_MAX_BYTES} says why).
 */
export function maxSimulatedInfants(durationS: number, stride: number): number {
  return Math.floor((DATASET_MAX_BYTES - HEADER_FIXED_BYTES) / simulatedInfantBytes(durationS, stride));
}

/** make-dataset's options, as both `gma dataset make --help` and the script's usage list them. */
export const MAKE_DATASET_OPTIONS = `Options:
  --out <file.gmads>       where to write the dataset (required)

Simulated infants (SYNTHETIC):
  --infants <K>            normal infants to simulate, half fidgety, half writhing
  --anomaly-infants <M>    infants of each of the ${ANOMALY_CLASS_COUNT} anomaly classes (default: a quarter of --infants)
  --seed <N>               whole number from 0 to 4294967295 (default 1); the same seed gives the same file
  --duration <S>           seconds per simulated infant, 2 to 3600 (default ${DEFAULT_DURATION_S})
  --stride <F>             frames between window starts, at least 1 (default ${DEFAULT_STRIDE})
  --no-dropouts            no simulated tracking dropouts
  All infants together (normal and anomaly) must fit the ${formatBytes(DATASET_MAX_BYTES)} a dataset file holds: each
  has (${ANALYSIS_FPS} x duration - ${DEFAULT_WINDOW_SIZE}) / stride + 1 windows of ${(datasetWindowBytes(DEFAULT_WINDOW_SIZE) / 1000).toFixed(0)} kB, so ${maxSimulatedInfants(DEFAULT_DURATION_S, DEFAULT_STRIDE)} infants at most at the
  default duration and stride. The file is written as the infants are simulated, one at a
  time: memory stays near one infant's windows (${formatBytes(simulatedInfantBytes(DEFAULT_DURATION_S, DEFAULT_STRIDE))} at the defaults) whatever the
  file's size, and the disk needs room for the file, written to a temporary file beside --out
  and renamed when complete.

Recorded keypoints, instead of simulated infants (--stride applies to both):
  --import <folder|file>   a recording of real keypoints (repeatable)
  --import-class <C>       class name of the imports (default imported)
  --import-label <L>       normal (default) or anomaly
  --age-weeks <N>          age of the imported infants, weeks after birth, 0 to 104 (default 12)
  --source-fps <F>         frame rate of the imports (default 30)
  Each recording is read whole, written and dropped before the next, as simulated infants are.
  The options of one kind are refused with the other, since they would have no effect.`;

const MAKE_DATASET_USAGE = `tsx packages/core/src/synthetic/make-dataset.ts --out <file.gmads> --infants K [options]
tsx packages/core/src/synthetic/make-dataset.ts --out <file.gmads> --import <folder|file> [options]

${MAKE_DATASET_OPTIONS}`;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
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

// Under 2 s a simulated infant holds too few 30-frame windows to be worth a dataset entry; 3600 s
// is the simulator's own limit.
const DURATION = z.number({ error: "must be a number of seconds" }).finite().min(2, "must be at least 2 seconds").max(3600, "must be at most 3600 seconds");
const LABELS = ["normal", "anomaly"] as const;
// Options that only the simulation reads, and those only the importer reads: given with the
// other kind of dataset they would be ignored without a word, so they are refused instead.
const SIMULATION_ONLY = ["seed", "duration", "no-dropouts"] as const;
const IMPORT_ONLY = ["import-class", "import-label", "age-weeks", "source-fps"] as const;

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
 * malformed number is refused by name, as are more infants than a dataset file holds and options
 * the chosen kind of dataset would ignore; `--out` is checked before anything is simulated).
 *
 * @returns the arguments, or "help" for `--help`.
 * @throws UsageError (CLI_USAGE), InvalidAgeError (INVALID_AGE) or OutputUnwritableError (OUTPUT_UNWRITABLE); all exit 2.
 */
export function parseMakeDatasetArgs(argv: string[]): MakeDatasetArgs | "help" {
  const { values } = parseCliArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return "help";
  const infants = numberOption("infants", values.infants, schemas.count) ?? 0;
  const anomalyInfants = numberOption("anomaly-infants", values["anomaly-infants"], schemas.count);
  const imports = values.import ?? [];
  if (imports.length > 0 && (infants > 0 || (anomalyInfants ?? 0) > 0)) {
    throw new UsageError("mixing --import with simulated infants (--infants, --anomaly-infants) in one file is not supported; write two files");
  }
  if (infants === 0 && imports.length === 0) throw new UsageError("nothing to write: give --infants K (at least 1) to simulate infants, or --import <folder|file> for recorded keypoints");
  if (imports.length > 0) refuseOptions(values, SIMULATION_ONLY, "to simulated infants and would be ignored with --import", "--import takes --import-class, --import-label, --age-weeks, --source-fps, --stride and --out");
  else refuseOptions(values, IMPORT_ONLY, "to --import (recorded keypoints) and would be ignored with simulated infants", "simulated infants take --infants, --anomaly-infants, --seed, --duration, --stride, --no-dropouts and --out");
  const seed = numberOption("seed", values.seed, schemas.seed) ?? 1;
  const durationS = numberOption("duration", values.duration, DURATION) ?? DEFAULT_DURATION_S;
  const stride = numberOption("stride", values.stride, schemas.positiveInt) ?? DEFAULT_STRIDE;
  const anomalyPerClass = anomalyInfants ?? Math.round(infants / 4);
  if (imports.length === 0) checkDatasetSize(infants, anomalyPerClass, values["anomaly-infants"] !== undefined, durationS, stride);
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
    anomalyInfants: anomalyPerClass,
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

/** Refuses the `names` among `values` that were given, which apply only `toWhat`: they would be ignored. */
function refuseOptions(values: Record<string, unknown>, names: readonly string[], toWhat: string, instead: string): void {
  const given = names.filter((name) => values[name] !== undefined).map((name) => `--${name}`);
  if (given.length === 0) return;
  const list = given.length === 1 ? given[0]! : `${given.slice(0, -1).join(", ")} and ${given.at(-1)!}`;
  throw new UsageError(`${list} ${given.length === 1 ? "applies" : "apply"} only ${toWhat}; ${instead}`);
}

/** Refuses more simulated infants than one dataset file holds ({@link maxSimulatedInfants}), naming the options that decide it. */
function checkDatasetSize(infants: number, anomalyPerClass: number, anomalyGiven: boolean, durationS: number, stride: number): void {
  const total = infants + anomalyPerClass * ANOMALY_CLASS_COUNT;
  const most = maxSimulatedInfants(durationS, stride);
  if (total <= most) return;
  const anomaly = `${anomalyGiven ? "--anomaly-infants" : "the default --anomaly-infants"} ${anomalyPerClass} (for each of ${ANOMALY_CLASS_COUNT} anomaly classes)`;
  const bytes = total * simulatedInfantBytes(durationS, stride);
  throw new UsageError(
    `--infants ${infants} with ${anomaly} is ${total} infants, about ${formatBytes(bytes)} of windows at --duration ${durationS} and --stride ${stride}, ` +
      `more than the ${formatBytes(DATASET_MAX_BYTES)} a dataset file holds; at these settings at most ${most} infants in all fit: give fewer infants, a shorter --duration or a larger --stride`,
  );
}

/** A byte count for people: "4 GiB", "1.2 TiB". */
function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(2))} ${units[unit]}`;
}

/**
 * The recordings the arguments describe, simulated or imported one at a time as they are asked
 * for: to stream to the file (writeDatasetFile), or to build in memory (buildDataset, the same
 * bytes).
 */
export function datasetRecordingsFromArgs(args: MakeDatasetArgs): DatasetRecordings {
  if (args.imports.length === 0) {
    // Both normal periods equally: with writhing a minority the autoencoder fitted it worse, and
    // writhing infants then made up most of the normal windows above the threshold.
    const fidgety = Math.ceil(args.infants / 2);
    const perClass: Partial<Record<MovementClassName, number>> = { fidgety, writhing: args.infants - fidgety };
    for (const cls of Object.values(MOVEMENT_CLASSES)) if (cls.label === "anomaly") perClass[cls.name] = args.anomalyInfants;
    return syntheticRecordings({ seed: args.seed, infantsPerClass: perClass, durationS: args.durationS, stride: args.stride, dropouts: args.dropouts });
  }
  if (args.infants > 0) throw new RangeError("mixing --import with simulated --infants in one file is not supported; write two files");
  // Each import is one recording, read and resampled whole (its windows need every frame), then
  // written and dropped before the next is read: the importer streams recording by recording.
  return {
    options: { prepare: { stride: args.stride }, synthetic: false, provenance: { generator: "@gma/core keypoint importer", imports: args.imports, sourceFps: args.sourceFps } },
    total: args.imports.length,
    *recordings() {
      for (const path of args.imports) {
        yield { sequence: importKeypointText(path, { sourceFps: args.sourceFps }), meta: { className: args.importClass, label: args.importLabel, ageWeeks: args.ageWeeks, source: path } };
      }
    },
  };
}

/**
 * Writes the dataset the arguments describe to `args.out`, one recording in memory at a time,
 * whole or not at all; returns its header.
 *
 * @throws KeypointImportError for a bad import, OutputUnwritableError (OUTPUT_UNWRITABLE) when the
 *   file cannot be written, or an AbortError when `options.signal` is aborted; the temporary file
 *   is removed and an existing `args.out` left as it was in every case.
 */
export function writeDatasetFromArgs(args: MakeDatasetArgs, options: WriteDatasetFileOptions = {}): Promise<DatasetHeader> {
  return writeDatasetFile(args.out, datasetRecordingsFromArgs(args), options);
}

async function main(argv: string[]): Promise<void> {
  const args = parseMakeDatasetArgs(argv);
  if (args === "help") {
    process.stdout.write(`${MAKE_DATASET_USAGE}\n`);
    return;
  }
  const started = Date.now();
  // A stopped run removes its temporary file (up to 4 GiB) instead of leaving it beside --out; a
  // second signal finds no listener and ends the process at once.
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    let finishing = false;
    const header = await writeDatasetFromArgs(args, {
      signal: controller.signal,
      onProgress: (done, total) => {
        if (done === total || done % 10 === 0) process.stderr.write(`make-dataset: ${done}/${total} recordings\n`);
      },
      onFinishing: (_done, total) => {
        if (!finishing) process.stderr.write(`make-dataset: putting the header in front of ${formatBytes(total)} of windows\n`);
        finishing = true;
      },
    });
    const summary = { out: args.out, windows: header.count, infants: header.infants.length, classes: header.classes, seconds: (Date.now() - started) / 1000 };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runScript("make-dataset", "npx tsx packages/core/src/synthetic/make-dataset.ts --help", main);
