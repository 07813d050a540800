export { KeypointsInvalidError } from "./keypoints-invalid-error";
