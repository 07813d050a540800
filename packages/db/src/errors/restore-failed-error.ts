import { GmaError } from "@gma/core";

/**
 * A restore could not complete. The current database was put back where it was (or never
 * moved); `detail` says which step failed.
 */
export class RestoreFailedError extends GmaError {
  constructor(detail: string, options: { cause?: unknown; hint?: string } = {}) {
    super("RESTORE_FAILED", `Restore failed: ${detail}`, {
      hint: options.hint ?? "See the cause; the current database is where it was. Fix it and run the restore again.",
      cause: options.cause,
      isUserError: false,
    });
  }
}
