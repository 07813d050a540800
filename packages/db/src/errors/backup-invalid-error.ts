import { GmaError } from "@gma/core";

/**
 * A file offered as a backup (or a copy just made) is not a usable GMA Insight database: not
 * SQLite, damaged (`PRAGMA integrity_check`), without its migration records, with a migration
 * that failed, or made by a newer version. `problems` lists what was found.
 */
export class BackupInvalidError extends GmaError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options: { cause?: unknown } = {},
  ) {
    super("BACKUP_INVALID", `${file} is not a usable backup: ${problems.join("; ")}.`, {
      hint: "Pick another backup (the newest one that verifies); nothing was changed.",
      cause: options.cause,
    });
  }
}
