import { GmaError } from "../errors";

/** The command line is wrong: an unknown command or option, a missing or malformed value. */
export class UsageError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "CLI_USAGE";

  constructor(message: string, options: { hint?: string } = {}) {
    super(UsageError.CODE, message, { hint: options.hint ?? "Run `gma --help` for the commands and their options.", isUserError: true });
  }
}
