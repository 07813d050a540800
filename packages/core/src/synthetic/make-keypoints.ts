/**
 * Writes one simulated recording as a keypoint JSON file for `gma analyze --keypoints`.
 *
 *   tsx packages/core/src/synthetic/make-keypoints.ts --class cramped-synchronised --seed 3 --out cramped.json
 *       [--duration 30] [--age-weeks 12] [--format mediapipe-33|joints-25] [--no-dropouts]
 *
 * Prints a one-line JSON summary (class, label, age, frames) on stdout. Bad options exit 2 with
 * the message and its stable code, as `gma` does.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEFAULT_QUALITY_GATE } from "../analysis/quality-gate";
import { choiceOption, invalidAge, numberOption, parseCliArgs, schemas } from "../cli/cli-options";
import { checkOutputFile, writeOutputFile } from "../cli/output-file";
import { runScript } from "../cli/run-script";
import { UsageError } from "../cli/usage-error";
import { MOVEMENT_CLASS_NAMES, type MovementClassName } from "./movement-classes";
import { simulateInfant } from "./simulate-infant";
import { simulatedKeypointsDocument, type SimulatedKeypointFormat } from "./simulated-keypoints";

const FORMATS: readonly SimulatedKeypointFormat[] = ["mediapipe-33", "joints-25"];

export const MAKE_KEYPOINTS_USAGE = `tsx packages/core/src/synthetic/make-keypoints.ts --class <name> --out <file.json> [options]

Writes one SIMULATED recording as a keypoint JSON file, for trying out \`gma analyze --keypoints\`.

Options:
  --class <name>       movement class: ${MOVEMENT_CLASS_NAMES.join(", ")} (required)
  --out <file.json>    where to write the keypoints (required)
  --seed <N>           whole number from 0 to 4294967295 (default 1); the same seed gives the same file
  --duration <S>       seconds, above 0 and at most 3600 (default 30; \`gma analyze\` needs ${DEFAULT_QUALITY_GATE.minDurationS})
  --age-weeks <N>      age in weeks after birth, 0 to 104, as \`gma analyze\` takes it (default: drawn
                       from the class's ages)
  --format <name>      mediapipe-33 (default, 33 landmarks) or joints-25
  --no-dropouts        no tracking dropouts`;

const OPTIONS = {
  class: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  duration: { type: "string" },
  "age-weeks": { type: "string" },
  format: { type: "string" },
  "no-dropouts": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

// The simulator's own limits (simulateInfant), stated as the options' messages.
const DURATION = z.number({ error: "must be a number of seconds" }).finite().positive("must be above 0 seconds").max(3600, "must be at most 3600 seconds");

/** Parsed command line of make-keypoints. */
export interface MakeKeypointsArgs {
  movementClass: MovementClassName;
  out: string;
  seed: number;
  durationS: number;
  /** Drawn from the class's age range when left out. */
  ageWeeks?: number;
  format: SimulatedKeypointFormat;
  dropouts: boolean;
}

/**
 * Parses and validates make-keypoints' arguments, `--out` included (its folder exists and is
 * writable), so that every mistake is reported before anything is simulated.
 *
 * @throws UsageError (CLI_USAGE), InvalidAgeError (INVALID_AGE) or OutputUnwritableError (OUTPUT_UNWRITABLE); all exit 2.
 */
export function parseMakeKeypointsArgs(argv: string[]): MakeKeypointsArgs | "help" {
  const { values } = parseCliArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return "help";
  if (values.class === undefined) throw new UsageError(`--class is required: one of ${MOVEMENT_CLASS_NAMES.join(", ")}`);
  const movementClass = choiceOption("class", values.class, MOVEMENT_CLASS_NAMES)!;
  const format = choiceOption("format", values.format, FORMATS) ?? "mediapipe-33";
  const seed = numberOption("seed", values.seed, schemas.seed) ?? 1;
  const durationS = numberOption("duration", values.duration, DURATION) ?? 30;
  // The ages `gma analyze` takes, so that a file can be analysed at the age it was simulated at.
  const ageWeeks = numberOption("age-weeks", values["age-weeks"], schemas.ageWeeks, invalidAge);
  if (values.out === undefined) throw new UsageError("--out <file.json> is required");
  const out = checkOutputFile(values.out, [".json"]);
  return { movementClass, out, seed, durationS, ...(ageWeeks !== undefined ? { ageWeeks } : {}), format, dropouts: !values["no-dropouts"] };
}

async function main(argv: string[]): Promise<void> {
  const args = parseMakeKeypointsArgs(argv);
  if (args === "help") {
    process.stdout.write(`${MAKE_KEYPOINTS_USAGE}\n`);
    return;
  }
  const sim = simulateInfant({
    seed: args.seed,
    movementClass: args.movementClass,
    durationS: args.durationS,
    ...(args.ageWeeks !== undefined ? { ageWeeks: args.ageWeeks } : {}),
    dropouts: args.dropouts,
  });
  await writeOutputFile(args.out, JSON.stringify(simulatedKeypointsDocument(sim, args.format)));
  if (args.durationS < DEFAULT_QUALITY_GATE.minDurationS) {
    process.stderr.write(`make-keypoints: warning: ${args.durationS} s is shorter than the ${DEFAULT_QUALITY_GATE.minDurationS} s an analysis needs, so \`gma analyze\` will refuse this file (exit 3); give a longer --duration to analyse it.\n`);
  }
  process.stdout.write(`${JSON.stringify({ out: args.out, movementClass: sim.movementClass, label: sim.label, ageWeeks: Math.round(sim.ageWeeks * 10) / 10, frames: sim.sequence.frameCount, format: args.format })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runScript("make-keypoints", "npx tsx packages/core/src/synthetic/make-keypoints.ts --help", main);
