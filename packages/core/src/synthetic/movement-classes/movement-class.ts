import type { RegionGains } from "../calibration";
import type { PoseTrack } from "../pose-channels";
import type { Prng } from "../prng";

/** Names of the movement classes the simulator can generate. */
export const MOVEMENT_CLASS_NAMES = ["fidgety", "writhing", "absent-fidgety", "cramped-synchronised", "poor-repertoire", "hemi-asymmetry"] as const;

/** Name of a movement class. */
export type MovementClassName = (typeof MOVEMENT_CLASS_NAMES)[number];

/** What a generator needs to produce one infant's movement. */
export interface MovementContext {
  rng: Prng;
  frames: number;
  fps: number;
  /** Post-term age in weeks. */
  ageWeeks: number;
  /** Calibrated gains of normal movement, per region. */
  gains: RegionGains;
  /** This infant's overall liveliness (multiplies every gain; about 1). */
  vigor: number;
}

/** A documented generator of one kind of infant movement. */
export interface MovementClass {
  readonly name: MovementClassName;
  /** Whether the class is normal movement (trained on) or a warning sign (only tested on). */
  readonly label: "normal" | "anomaly";
  /** One line: what the movement looks like and how the generator makes it. */
  readonly summary: string;
  /** Post-term ages (weeks, [min, max)) the class is simulated at. */
  readonly ageWeeks: readonly [number, number];
  /** Movement of every channel around the resting posture. */
  generate(ctx: MovementContext): PoseTrack;
}
