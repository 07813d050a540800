import { GmaError } from "../../errors/gma-error";

/** A run was sent to a {@link SessionInstancePool} after `release()` began. */
export class SessionPoolClosedError extends GmaError {
  constructor(name: string) {
    super("SESSION_POOL_CLOSED", `the model instances "${name}" were released; no more runs are accepted`, {
      hint: "Load the model again (the model cache does this on its next get) instead of keeping a reference to a released one.",
      isUserError: false,
    });
  }
}
