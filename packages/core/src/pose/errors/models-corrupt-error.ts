import { GmaError } from "../../errors";

/** A converted pose model's SHA-256 differs from the one recorded in the manifest, or the manifest cannot be read. */
export class ModelsCorruptError extends GmaError {
  /** Absolute path of the file that failed the check. */
  readonly path: string;

  constructor(path: string, message: string) {
    super("MODELS_CORRUPT", message, { hint: "Run `npm run setup` to convert the pose models again.", isUserError: false });
    this.path = path;
  }
}
