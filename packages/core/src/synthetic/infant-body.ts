import type { ArmChannel, LegChannel, Side } from "./pose-channels";
import type { Prng } from "./prng";

/** Segment lengths of one infant in metres. */
export interface InfantSegments {
  /** Half the distance between the hip joints. */
  hipHalfWidth: number;
  /** Mid-hips to mid-shoulders. */
  trunk: number;
  /** Half the distance between the shoulders. */
  shoulderHalfWidth: number;
  /** Mid-shoulders to the nose, in the mat's plane. */
  neckToNose: number;
  /** Height of the nose above the shoulders (towards the camera). */
  noseHeight: number;
  upperArm: number;
  forearm: number;
  /** Wrist to index finger tip. */
  hand: number;
  thigh: number;
  shank: number;
  /** Ankle to the tip of the foot. */
  foot: number;
}

/** Resting posture: the angles each channel's movement is added to (radians). */
export interface RestingPosture {
  arms: Record<Side, Record<ArmChannel, number>>;
  legs: Record<Side, Record<LegChannel, number>>;
}

/** One simulated infant's body: size, proportions and resting posture. */
export interface InfantBody {
  /** Post-term age in weeks, which sets the size. */
  ageWeeks: number;
  /** Crown-heel length in metres. */
  lengthM: number;
  segments: InfantSegments;
  posture: RestingPosture;
}

const DEG = Math.PI / 180;

// Fractions of crown-heel length for a young infant (large head, short limbs); per-infant
// variation is applied on top.
const SEGMENT_FRACTIONS: InfantSegments = {
  hipHalfWidth: 0.075,
  trunk: 0.33,
  shoulderHalfWidth: 0.11,
  neckToNose: 0.14,
  noseHeight: 0.09,
  upperArm: 0.16,
  forearm: 0.14,
  hand: 0.085,
  thigh: 0.19,
  shank: 0.17,
  foot: 0.1,
};

// Typical supine resting posture of a young infant: arms abducted with elbows bent ("W"),
// hips flexed and abducted, knees bent; yaw measured from the head direction (arms) or the
// foot direction (legs), positive away from the midline.
const ARM_REST: Record<ArmChannel, number> = {
  shoulderYaw: 100 * DEG,
  shoulderPitch: 15 * DEG,
  elbowFlex: 75 * DEG,
  forearmPitch: 25 * DEG,
  wristYaw: -10 * DEG,
  wristPitch: 0,
};
const LEG_REST: Record<LegChannel, number> = {
  hipYaw: 25 * DEG,
  hipPitch: 45 * DEG,
  kneeFlex: 85 * DEG,
  kneeYaw: 5 * DEG,
  ankleFlex: 60 * DEG,
};

/** Crown-heel length in metres for a post-term age (an approximation of growth charts). */
export function lengthForAge(ageWeeks: number): number {
  const months = Math.max(0, ageWeeks) / 4.345;
  return 0.5 + 0.045 * Math.min(months, 3) + 0.02 * Math.max(0, Math.min(months, 12) - 3);
}

/**
 * Samples one infant's body: length from age with a few percent of spread, each segment varied
 * by about 5 %, and a resting posture varied by about 10 degrees per joint (slightly differently
 * on each side, as real infants are never symmetric).
 */
export function sampleInfantBody(rng: Prng, ageWeeks: number): InfantBody {
  const lengthM = lengthForAge(ageWeeks) * (1 + 0.04 * rng.normal());
  const segments = {} as InfantSegments;
  for (const [k, frac] of Object.entries(SEGMENT_FRACTIONS) as [keyof InfantSegments, number][]) {
    segments[k] = lengthM * frac * (1 + 0.05 * rng.normal());
  }
  const armBase = {} as Record<ArmChannel, number>;
  for (const [k, v] of Object.entries(ARM_REST) as [ArmChannel, number][]) armBase[k] = v + 10 * DEG * rng.normal();
  const legBase = {} as Record<LegChannel, number>;
  for (const [k, v] of Object.entries(LEG_REST) as [LegChannel, number][]) legBase[k] = v + 8 * DEG * rng.normal();
  const side = <K extends string>(base: Record<K, number>): Record<K, number> => {
    const out = {} as Record<K, number>;
    for (const k of Object.keys(base) as K[]) out[k] = base[k] + 4 * DEG * rng.normal();
    return out;
  };
  return {
    ageWeeks,
    lengthM,
    segments,
    posture: {
      arms: { left: side(armBase), right: side(armBase) },
      legs: { left: side(legBase), right: side(legBase) },
    },
  };
}
