import { GmaError } from "../errors";

/** A keypoint file or folder that cannot be read as a 25-joint sequence. */
export class KeypointImportError extends GmaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KEYPOINTS_INVALID", message, {
      hint: "Expect MINI-RGBD-style text: one file per frame with 25 lines `x y z [jointId]`, or one file with one frame of 75 numbers per line.",
      isUserError: true,
      ...options,
    });
  }
}
