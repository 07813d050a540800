import { GmaError } from "../errors";

/**
 * The command line is wrong: an unknown command or option, a missing or malformed value. Its hint
 * is only what this mistake calls for; the program that prints it adds where the options are
 * listed (`gma analyze --help`), which the error cannot know.
 */
export class UsageError extends GmaError {
  /** The stable code every instance carries. */
  static readonly CODE = "CLI_USAGE";

  constructor(message: string, options: { hint?: string } = {}) {
    super(UsageError.CODE, message, { ...(options.hint === undefined ? {} : { hint: options.hint }), isUserError: true });
  }
}
