/**
 * Writes one simulated recording as a keypoint JSON file for `gma analyze --keypoints`.
 *
 *   tsx packages/core/src/synthetic/make-keypoints.ts --class cramped-synchronised --seed 3 --out cramped.json
 *       [--duration 30] [--age-weeks 12] [--format mediapipe-33|joints-25] [--no-dropouts]
 *
 * Prints a one-line JSON summary (class, label, age, frames) on stdout.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MOVEMENT_CLASS_NAMES, type MovementClassName } from "./movement-classes";
import { simulateInfant } from "./simulate-infant";
import { simulatedKeypointsDocument, type SimulatedKeypointFormat } from "./simulated-keypoints";

function main(): void {
  const { values } = parseArgs({
    options: {
      class: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      duration: { type: "string" },
      "age-weeks": { type: "string" },
      format: { type: "string" },
      "no-dropouts": { type: "boolean" },
    },
  });
  const cls = values.class as MovementClassName | undefined;
  const format = (values.format ?? "mediapipe-33") as SimulatedKeypointFormat;
  const fail = (message: string): never => {
    process.stderr.write(`make-keypoints: ${message}\n`);
    process.exit(2);
  };
  if (!cls || !MOVEMENT_CLASS_NAMES.includes(cls)) fail(`--class must be one of ${MOVEMENT_CLASS_NAMES.join(", ")}`);
  if (!values.out) fail("--out <file.json> is required");
  if (format !== "mediapipe-33" && format !== "joints-25") fail("--format must be mediapipe-33 or joints-25");
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer, got ${values.seed}`);
  const sim = simulateInfant({
    seed,
    movementClass: cls!,
    durationS: Number(values.duration ?? 30),
    ...(values["age-weeks"] === undefined ? {} : { ageWeeks: Number(values["age-weeks"]) }),
    dropouts: !values["no-dropouts"],
  });
  writeFileSync(values.out!, JSON.stringify(simulatedKeypointsDocument(sim, format)));
  process.stdout.write(`${JSON.stringify({ out: values.out, movementClass: sim.movementClass, label: sim.label, ageWeeks: Math.round(sim.ageWeeks * 10) / 10, frames: sim.sequence.frameCount, format })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
