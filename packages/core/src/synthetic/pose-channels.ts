/** Degrees of freedom of the trunk and head (translations in metres, angles in radians). */
export const TRUNK_CHANNELS = ["pelvisX", "pelvisY", "trunkRoll", "trunkBend", "headYaw", "headPitch"] as const;

/** Degrees of freedom of one arm (radians). Yaw turns in the mat's plane, pitch lifts towards the camera. */
export const ARM_CHANNELS = ["shoulderYaw", "shoulderPitch", "elbowFlex", "forearmPitch", "wristYaw", "wristPitch"] as const;

/** Degrees of freedom of one leg (radians). */
export const LEG_CHANNELS = ["hipYaw", "hipPitch", "kneeFlex", "kneeYaw", "ankleFlex"] as const;

/** Body sides; "left" is the infant's left. */
export const SIDES = ["left", "right"] as const;

/** The infant's left or right. */
export type Side = (typeof SIDES)[number];
/** A trunk or head degree of freedom. */
export type TrunkChannel = (typeof TRUNK_CHANNELS)[number];
/** An arm degree of freedom. */
export type ArmChannel = (typeof ARM_CHANNELS)[number];
/** A leg degree of freedom. */
export type LegChannel = (typeof LEG_CHANNELS)[number];

/**
 * Movement of every degree of freedom over time, as offsets from the infant's resting posture:
 * one Float64Array of `frames` values per channel.
 */
export interface PoseTrack {
  frames: number;
  trunk: Record<TrunkChannel, Float64Array>;
  arms: Record<Side, Record<ArmChannel, Float64Array>>;
  legs: Record<Side, Record<LegChannel, Float64Array>>;
}

/** A PoseTrack with every channel at zero (the resting posture). */
export function emptyPoseTrack(frames: number): PoseTrack {
  const make = <K extends string>(keys: readonly K[]): Record<K, Float64Array> =>
    Object.fromEntries(keys.map((k) => [k, new Float64Array(frames)])) as Record<K, Float64Array>;
  return {
    frames,
    trunk: make(TRUNK_CHANNELS),
    arms: { left: make(ARM_CHANNELS), right: make(ARM_CHANNELS) },
    legs: { left: make(LEG_CHANNELS), right: make(LEG_CHANNELS) },
  };
}

/** Every channel of a track with a stable name (`arms.left.elbowFlex`), for generic passes. */
export function listChannels(track: PoseTrack): { name: string; region: "trunk" | "arm" | "leg"; side: Side | undefined; channel: string; values: Float64Array }[] {
  const out: { name: string; region: "trunk" | "arm" | "leg"; side: Side | undefined; channel: string; values: Float64Array }[] = [];
  for (const c of TRUNK_CHANNELS) out.push({ name: `trunk.${c}`, region: "trunk", side: undefined, channel: c, values: track.trunk[c] });
  for (const s of SIDES) {
    for (const c of ARM_CHANNELS) out.push({ name: `arms.${s}.${c}`, region: "arm", side: s, channel: c, values: track.arms[s][c] });
    for (const c of LEG_CHANNELS) out.push({ name: `legs.${s}.${c}`, region: "leg", side: s, channel: c, values: track.legs[s][c] });
  }
  return out;
}
