import { JOINT_COUNT } from "./joint-sequence";

/** MediaPipe / BlazePose landmarks per frame. */
export const LANDMARK_COUNT = 33;

/** Values per landmark: x, y (image-normalised), z (relative depth), visibility, presence. */
export const LANDMARK_STRIDE = 5;

/** Landmarks whose visibility is below this count as missing (domain.md, "clean"). */
export const DEFAULT_VISIBILITY_THRESHOLD = 0.3;

/** Names of the 25 joints in index order (domain.md, "33 -> 25 joint mapping"). */
export const JOINT_NAMES_25 = [
  "global",
  "leftThigh",
  "rightThigh",
  "spine",
  "leftCalf",
  "rightCalf",
  "spine1",
  "leftFoot",
  "rightFoot",
  "spine2",
  "leftToes",
  "rightToes",
  "neck",
  "leftShoulder",
  "rightShoulder",
  "head",
  "leftUpperArm",
  "rightUpperArm",
  "leftForeArm",
  "rightForeArm",
  "leftHand",
  "rightHand",
  "leftFingers",
  "rightFingers",
  "noseVertex",
] as const;

/** Name of one of the 25 joints. */
export type JointName = (typeof JOINT_NAMES_25)[number];

/** Joint indices of each limb, proximal to distal; left/right pairs line up index by index. */
export const LIMB_GROUPS = {
  leftArm: [13, 16, 18, 20, 22],
  rightArm: [14, 17, 19, 21, 23],
  leftLeg: [1, 4, 7, 10],
  rightLeg: [2, 5, 8, 11],
} as const satisfies Record<string, readonly number[]>;

/** Name of a limb group. */
export type LimbGroupName = keyof typeof LIMB_GROUPS;

/**
 * Parent of each joint in the SMIL kinematic tree (-1 for the root, `global`): the trunk
 * climbs global -> spine -> spine1 -> spine2 -> neck -> head -> noseVertex, each leg hangs from
 * global and each arm from spine2, proximal to distal as in {@link LIMB_GROUPS}.
 */
export const JOINT_PARENTS_25: readonly number[] = [-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21, 15];

/** The bones of the 25-joint skeleton as [parent, child] index pairs, for drawing it. */
export const SKELETON_BONES_25: readonly (readonly [number, number])[] = JOINT_PARENTS_25.flatMap((parent, child) => (parent < 0 ? [] : [[parent, child] as const]));

/** Trunk and head joints, left out of per-joint findings. */
export const CENTRAL_JOINTS = [0, 3, 6, 9, 12, 15, 24] as const;

/**
 * Source landmarks of each joint: one landmark, or two whose midpoint is the joint.
 * Mid-hips and mid-shoulders appear several times because the 25-joint skeleton has more
 * trunk joints than BlazePose has trunk landmarks.
 */
export const JOINT_SOURCES: readonly (readonly [number] | readonly [number, number])[] = [
  [23, 24], // global: mid-hips
  [23], // leftThigh
  [24], // rightThigh
  [23, 24], // spine: mid-hips
  [25], // leftCalf
  [26], // rightCalf
  [11, 12], // spine1: mid-shoulders
  [27], // leftFoot
  [28], // rightFoot
  [11, 12], // spine2: mid-shoulders
  [31], // leftToes
  [32], // rightToes
  [11, 12], // neck: mid-shoulders
  [11], // leftShoulder
  [12], // rightShoulder
  [0], // head: nose
  [11, 13], // leftUpperArm
  [12, 14], // rightUpperArm
  [13], // leftForeArm
  [14], // rightForeArm
  [15], // leftHand
  [16], // rightHand
  [19], // leftFingers
  [20], // rightFingers
  [0], // noseVertex: nose
];

/** Options of {@link mapLandmarksToJoints}. */
export interface MapLandmarksOptions {
  /**
   * Landmarks with a visibility below this are missing; a midpoint joint is missing when
   * either of its sources is.
   * @defaultValue 0.3
   */
  visibilityThreshold?: number;
}

/**
 * Maps one frame of 33 BlazePose landmarks (33 x [x, y, z, visibility, presence]) to the
 * 25-joint skeleton (25 x [x, y, z]); a joint is NaN when a source landmark is not visible
 * enough or not finite.
 *
 * @param landmarks33 - 165 values, 5 per landmark.
 * @param out - optional 75-value buffer to write into (avoids an allocation per frame).
 */
export function mapLandmarksToJoints(landmarks33: Float32Array, out?: Float32Array, options: MapLandmarksOptions = {}): Float32Array {
  if (landmarks33.length !== LANDMARK_COUNT * LANDMARK_STRIDE) {
    throw new RangeError(`mapLandmarksToJoints expects ${LANDMARK_COUNT * LANDMARK_STRIDE} values (33 x 5), got ${landmarks33.length}`);
  }
  const result = out ?? new Float32Array(JOINT_COUNT * 3);
  if (result.length < JOINT_COUNT * 3) throw new RangeError(`mapLandmarksToJoints output needs 75 values, got ${result.length}`);
  const threshold = options.visibilityThreshold ?? DEFAULT_VISIBILITY_THRESHOLD;

  // Computed in float64 and rounded once when stored, so a midpoint is the float32 nearest to
  // the exact midpoint of its two float32 sources.
  const usable = (l: number): boolean => {
    const o = l * LANDMARK_STRIDE;
    const visibility = landmarks33[o + 3]!;
    return visibility >= threshold && Number.isFinite(landmarks33[o]!) && Number.isFinite(landmarks33[o + 1]!) && Number.isFinite(landmarks33[o + 2]!);
  };
  for (let j = 0; j < JOINT_COUNT; j++) {
    const src = JOINT_SOURCES[j]!;
    const o = j * 3;
    const a = src[0];
    const b = src.length === 2 ? src[1] : undefined;
    if (!usable(a) || (b !== undefined && !usable(b))) {
      result[o] = result[o + 1] = result[o + 2] = Number.NaN;
      continue;
    }
    const ao = a * LANDMARK_STRIDE;
    if (b === undefined) {
      result[o] = landmarks33[ao]!;
      result[o + 1] = landmarks33[ao + 1]!;
      result[o + 2] = landmarks33[ao + 2]!;
    } else {
      const bo = b * LANDMARK_STRIDE;
      result[o] = (landmarks33[ao]! + landmarks33[bo]!) / 2;
      result[o + 1] = (landmarks33[ao + 1]! + landmarks33[bo + 1]!) / 2;
      result[o + 2] = (landmarks33[ao + 2]! + landmarks33[bo + 2]!) / 2;
    }
  }
  return result;
}

/**
 * Maps a whole landmark sequence (frameCount x 165 values) to a flat joint array
 * (frameCount x 75 values).
 */
export function mapLandmarkFramesToJoints(landmarks: Float32Array, frameCount: number, options: MapLandmarksOptions = {}): Float32Array {
  const per = LANDMARK_COUNT * LANDMARK_STRIDE;
  if (landmarks.length !== frameCount * per) {
    throw new RangeError(`expected frameCount x 165 = ${frameCount * per} landmark values, got ${landmarks.length}`);
  }
  const out = new Float32Array(frameCount * JOINT_COUNT * 3);
  for (let f = 0; f < frameCount; f++) {
    mapLandmarksToJoints(landmarks.subarray(f * per, (f + 1) * per), out.subarray(f * 75, (f + 1) * 75), options);
  }
  return out;
}
