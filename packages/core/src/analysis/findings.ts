import { CENTRAL_JOINTS, JOINT_COUNT, JOINT_NAMES_25, LIMB_GROUPS, type JointName, type LimbGroupName } from "../skeleton";
import { jointMean, overallMean, type MovementStats } from "./movement-stats";
import type { NormalStatistics } from "./normal-statistics";

/** How a figure compares with the normal range. */
export type RangeStatus = "reduced" | "normal" | "increased";

/** How much the infant moves overall. */
export type MovementLevel = "absent" | "reduced" | "normal";

/** Limits of {@link computeFindings}. */
export interface FindingsOptions {
  /**
   * A joint or limb is reduced or increased when its z-score against normal is beyond this many standard deviations.
   * @defaultValue 2
   */
  zLimit?: number;
  /**
   * Overall amplitude below this counts as absent movement (the risk policy's critical drop).
   * @defaultValue 0.01
   */
  absentAmplitude?: number;
  /**
   * Overall amplitude below this counts as reduced movement (the risk policy's moderate drop).
   * @defaultValue 0.03
   */
  reducedAmplitude?: number;
}

/** A normal range: mean and standard deviation over normal windows. */
export interface NormalRange {
  mean: number;
  std: number;
}

/** One joint's movement against normal. */
export interface JointFinding {
  joint: number;
  name: JointName;
  /** Mean amplitude over windows. */
  amplitude: number;
  /** Mean velocity over windows (per frame). */
  velocity: number;
  normalAmplitude: NormalRange;
  normalVelocity: NormalRange;
  amplitudeZ: number;
  velocityZ: number;
  /** Judged on amplitude, the figure the reference uses for reduced movement. */
  status: RangeStatus;
}

/** One limb's movement against normal: mean amplitude z-score of its joints. */
export interface LimbFinding {
  limb: LimbGroupName;
  amplitudeZ: number;
  status: RangeStatus;
}

/** Per-joint, per-limb and overall movement findings. */
export interface MovementFindings {
  /** Every non-central joint (central joints, the trunk and head, are left out). */
  joints: JointFinding[];
  limbs: LimbFinding[];
  overallAmplitude: number;
  overallVelocity: number;
  movementLevel: MovementLevel;
}

const DEFAULTS: Required<FindingsOptions> = { zLimit: 2, absentAmplitude: 0.01, reducedAmplitude: 0.03 };

function statusOf(z: number, limit: number): RangeStatus {
  if (z < -limit) return "reduced";
  if (z > limit) return "increased";
  return "normal";
}

/**
 * Compares each joint's mean amplitude and velocity with the normal statistics, rolls joints
 * up into limbs, and grades overall movement (absent / reduced / normal) on the mean amplitude
 * over all joints and windows, the same figure the risk policy uses.
 */
export function computeFindings(stats: MovementStats, normal: NormalStatistics, options: FindingsOptions = {}): MovementFindings {
  const o = { ...DEFAULTS, ...options };
  if (!(o.zLimit > 0)) throw new RangeError(`zLimit must be positive, got ${o.zLimit}`);
  if (!(o.absentAmplitude >= 0 && o.reducedAmplitude >= o.absentAmplitude)) {
    throw new RangeError(`need 0 <= absentAmplitude (${o.absentAmplitude}) <= reducedAmplitude (${o.reducedAmplitude})`);
  }
  const central = new Set<number>(CENTRAL_JOINTS);
  const joints: JointFinding[] = [];
  const ampZ = new Float64Array(JOINT_COUNT);
  for (let j = 0; j < JOINT_COUNT; j++) {
    const amplitude = jointMean(stats.amplitude, stats.count, j);
    const velocity = jointMean(stats.velocity, stats.count, j);
    const normalAmplitude = { mean: normal.jointAmplitudes[j]!, std: normal.jointAmplitudesStd[j]! };
    const normalVelocity = { mean: normal.jointVelocities[j]!, std: normal.jointVelocitiesStd[j]! };
    const amplitudeZ = (amplitude - normalAmplitude.mean) / normalAmplitude.std;
    const velocityZ = (velocity - normalVelocity.mean) / normalVelocity.std;
    ampZ[j] = amplitudeZ;
    if (central.has(j)) continue;
    joints.push({ joint: j, name: JOINT_NAMES_25[j]!, amplitude, velocity, normalAmplitude, normalVelocity, amplitudeZ, velocityZ, status: statusOf(amplitudeZ, o.zLimit) });
  }
  const limbs = (Object.keys(LIMB_GROUPS) as LimbGroupName[]).map((limb): LimbFinding => {
    const group = LIMB_GROUPS[limb];
    const z = group.reduce((s, j) => s + ampZ[j]!, 0) / group.length;
    return { limb, amplitudeZ: z, status: statusOf(z, o.zLimit) };
  });
  const overallAmplitude = overallMean(stats.amplitude, stats.count);
  const overallVelocity = overallMean(stats.velocity, stats.count);
  const movementLevel: MovementLevel = overallAmplitude < o.absentAmplitude ? "absent" : overallAmplitude < o.reducedAmplitude ? "reduced" : "normal";
  return { joints, limbs, overallAmplitude, overallVelocity, movementLevel };
}
