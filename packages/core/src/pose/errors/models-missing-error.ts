import { GmaError } from "../../errors";

/** A converted pose model (or its manifest) is not in the models directory. */
export class ModelsMissingError extends GmaError {
  /** Absolute path of the first missing file. */
  readonly path: string;

  constructor(path: string, message = `Pose model file missing: ${path}`) {
    super("MODELS_MISSING", message, { hint: "Run `npm run setup` to convert the pose models.", isUserError: false });
    this.path = path;
  }
}
