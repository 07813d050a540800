import { GmaError } from "../../errors/gma-error";

/** No person was found in the video. */
export class NoPersonFoundError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "NO_PERSON_FOUND";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(NoPersonFoundError.CODE, message, { hint: options.hint ?? "Film the infant from above, whole body in frame, in good light, and analyse the new recording.", cause: options.cause, isUserError: true });
  }
}
