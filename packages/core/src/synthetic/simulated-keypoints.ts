import type { SimulatedInfant } from "./simulate-infant";

/** Keypoint file layouts the skeleton stage's importer reads (`importKeypoints`). */
export type SimulatedKeypointFormat = "mediapipe-33" | "joints-25";

const round = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1e5) / 1e5 : null);

/**
 * A simulated recording as a keypoint JSON document in the importer's layout
 * (`{ format, fps, frames }`), so that `gma analyze --keypoints` can be run on each movement
 * class: "mediapipe-33" writes the BlazePose-style landmarks the simulator filmed (visibility
 * included, so dropouts stay dropouts), "joints-25" the mapped joints (null = missing).
 * Values are rounded to 1e-5 to keep files small. Carries `synthetic` and `movementClass` for
 * provenance; importers ignore unknown keys.
 */
export function simulatedKeypointsDocument(sim: SimulatedInfant, format: SimulatedKeypointFormat = "mediapipe-33"): Record<string, unknown> {
  const n = sim.sequence.frameCount;
  const frames: unknown[] = [];
  for (let f = 0; f < n; f++) {
    if (format === "mediapipe-33") {
      const frame: (number | null)[][] = [];
      for (let l = 0; l < 33; l++) {
        const o = (f * 33 + l) * 5;
        frame.push([round(sim.landmarks[o]!) ?? 0, round(sim.landmarks[o + 1]!) ?? 0, round(sim.landmarks[o + 2]!) ?? 0, round(sim.landmarks[o + 3]!) ?? 0, round(sim.landmarks[o + 4]!) ?? 0]);
      }
      frames.push(frame);
    } else {
      const frame: ((number | null)[] | null)[] = [];
      for (let j = 0; j < 25; j++) {
        const o = f * 75 + j * 3;
        const x = sim.sequence.data[o]!;
        frame.push(Number.isFinite(x) ? [round(x), round(sim.sequence.data[o + 1]!), round(sim.sequence.data[o + 2]!)] : null);
      }
      frames.push(frame);
    }
  }
  return {
    format,
    fps: sim.sequence.fps,
    synthetic: true,
    movementClass: sim.movementClass,
    label: sim.label,
    ageWeeks: Math.round(sim.ageWeeks * 10) / 10,
    seed: sim.seed,
    frames,
  };
}
