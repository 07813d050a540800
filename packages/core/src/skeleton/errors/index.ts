export { KeypointsInvalidError } from "./keypoints-invalid-error";
export { KeypointsFpsConflictError } from "./keypoints-fps-conflict-error";
