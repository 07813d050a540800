import { DEFAULT_WINDOW_SIZE } from "../skeleton";
import type { SimulatorCalibration } from "./calibration";
import { buildDataset, type DatasetRecordings } from "./dataset-builder";
import type { WindowDataset } from "./dataset-format";
import { MOVEMENT_CLASSES, type MovementClassName } from "./movement-classes";
import { Prng } from "./prng";
import { ANALYSIS_FPS, simulateInfant } from "./simulate-infant";

/** Options of {@link makeSyntheticDataset}. */
export interface SyntheticDatasetOptions {
  /** Master seed: the same seed and options give a byte-identical dataset. */
  seed: number;
  /** Number of infants of each class, e.g. `{ fidgety: 80, writhing: 40, "absent-fidgety": 20 }`. */
  infantsPerClass: Partial<Record<MovementClassName, number>>;
  /**
   * Seconds recorded per infant.
   * @defaultValue 30
   */
  durationS?: number;
  /**
   * Frames between window starts (1 = every window, as at serving; larger thins training data).
   * @defaultValue 1
   */
  stride?: number;
  /**
   * Frames per window.
   * @defaultValue {@link DEFAULT_WINDOW_SIZE} (30)
   */
  windowSize?: number;
  /**
   * Tracking dropouts in the simulated recordings.
   * @defaultValue true
   */
  dropouts?: boolean;
  /** Simulator calibration; the default one when left out. */
  calibration?: SimulatorCalibration;
  /** Called after each infant with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Simulates infants of the requested classes and windows them through the skeleton stage into
 * one dataset, in memory. Each infant's seed derives from the master seed and its position, and
 * the header records both, so any window can be traced back to the infant and re-simulated.
 */
export function makeSyntheticDataset(options: SyntheticDatasetOptions): WindowDataset {
  return buildDataset(syntheticRecordings(options), options.onProgress);
}

/**
 * The infants {@link makeSyntheticDataset} simulates, one at a time as they are asked for, so
 * that a dataset of any size can be streamed to its file (writeDatasetFile) with one infant in
 * memory; `options.onProgress` is left to the consumer.
 *
 * @throws RangeError for an unknown class or a count that is not a whole number, at once.
 */
export function syntheticRecordings(options: SyntheticDatasetOptions): DatasetRecordings {
  const durationS = options.durationS ?? 30;
  const entries = Object.entries(options.infantsPerClass) as [MovementClassName, number][];
  for (const [name, k] of entries) {
    if (!(name in MOVEMENT_CLASSES)) throw new RangeError(`unknown movement class "${name}"; known: ${Object.keys(MOVEMENT_CLASSES).join(", ")}`);
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`infantsPerClass.${name} must be a non-negative integer, got ${k}`);
  }
  return {
    options: {
      prepare: { windowSize: options.windowSize ?? DEFAULT_WINDOW_SIZE, stride: options.stride ?? 1 },
      synthetic: true,
      provenance: {
        generator: "@gma/core synthetic infant simulator",
        seed: options.seed,
        infantsPerClass: options.infantsPerClass,
        durationS,
        fps: ANALYSIS_FPS,
        dropouts: options.dropouts ?? true,
        note: "SYNTHETIC data from a kinematic model calibrated to MINI-RGBD normal statistics; not recordings of real infants",
      },
    },
    total: entries.reduce((s, [, k]) => s + k, 0),
    *recordings() {
      const seeds = new Prng(options.seed, 0x5eed);
      for (const [name, k] of entries) {
        for (let i = 0; i < k; i++) {
          const seed = seeds.nextUint32();
          const sim = simulateInfant({
            seed,
            movementClass: name,
            durationS,
            ...(options.dropouts === undefined ? {} : { dropouts: options.dropouts }),
            ...(options.calibration ? { calibration: options.calibration } : {}),
          });
          yield { sequence: sim.sequence, meta: { className: name, label: sim.label, ageWeeks: Math.round(sim.ageWeeks * 10) / 10, source: seed } };
        }
      }
    },
  };
}
