/**
 * Largest absolute coordinate a keypoint may have. Keypoints are normalised image coordinates
 * (0..1), pixels or metres, none of which comes near a million; a larger value is a broken
 * export, not a position: 1e300 becomes Infinity in the float32 the pipeline stores, and 1e30
 * flattens every other joint of the file to one quantisation level in `.gmak`, so the recording
 * would be refused as unusable (or its other values lost) instead of named as bad input.
 */
export const MAX_KEYPOINT_COORDINATE = 1e6;

/** The accepted coordinate range, as error messages state it. */
export const KEYPOINT_COORDINATE_RANGE = "a finite number between -1000000 and 1000000 (normalised image coordinates, pixels or metres)";

/** True for a coordinate a keypoint file may hold: finite and within ±{@link MAX_KEYPOINT_COORDINATE}. */
export function isKeypointCoordinate(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) <= MAX_KEYPOINT_COORDINATE;
}
