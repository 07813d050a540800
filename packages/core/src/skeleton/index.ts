export { JOINT_COUNT, VALUES_PER_FRAME, assertJointSequence, countValidJoints } from "./joint-sequence";
export type { JointSequence } from "./joint-sequence";
export {
  JOINT_NAMES_25,
  LIMB_GROUPS,
  JOINT_PARENTS_25,
  SKELETON_BONES_25,
  CENTRAL_JOINTS,
  JOINT_SOURCES,
  LANDMARK_COUNT,
  LANDMARK_STRIDE,
  DEFAULT_VISIBILITY_THRESHOLD,
  mapLandmarksToJoints,
  mapLandmarkFramesToJoints,
} from "./joint-map";
export type { JointName, LimbGroupName, MapLandmarksOptions } from "./joint-map";
export { DEFAULT_MIN_VALID_JOINTS, findGapFrames } from "./gap-frames";
export { DEFAULT_WINDOW_SIZE } from "./default-window-size";
export { cleanSequence } from "./clean-sequence";
export type { CleanOptions } from "./clean-sequence";
export { normalizeSequence, frameAngles, PELVIS_JOINT, NECK_JOINT } from "./normalize-sequence";
export { buildWindows } from "./build-windows";
export type { WindowOptions, WindowSet } from "./build-windows";
export { prepareWindows } from "./prepare-windows";
export type { PrepareWindowsOptions } from "./prepare-windows";
export { KeypointsFpsConflictError, KeypointsInvalidError } from "./errors";
export { KEYPOINT_FILE_FORMATS, checkFpsAgrees, importKeypoints } from "./keypoint-import";
export { MAX_KEYPOINT_COORDINATE, KEYPOINT_COORDINATE_RANGE, isKeypointCoordinate } from "./keypoint-coordinate-limit";
export type { ImportedKeypoints, KeypointFormat, ImportKeypointsOptions } from "./keypoint-import";
export { readKeypointProvenance } from "./keypoint-provenance";
export type { KeypointProvenance } from "./keypoint-provenance";
export { encodeKeypoints, decodeKeypoints, readKeypointHeader, keypointCompressionReport, KEYPOINT_CODEC_MAGIC, KEYPOINT_CODEC_VERSION } from "./keypoint-codec";
export type { KeypointHeader, KeypointCompressionReport } from "./keypoint-codec";
