import { GmaError } from "../errors";

/** `--out` names a place `gma` cannot write: a missing folder, a directory, no permission, a full disk, or the input itself. */
export class OutputUnwritableError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "OUTPUT_UNWRITABLE";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(OutputUnwritableError.CODE, message, { hint: options.hint ?? "Choose an --out path in an existing folder you can write to.", cause: options.cause, isUserError: true });
  }
}
