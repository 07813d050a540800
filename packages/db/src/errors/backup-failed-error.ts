import { GmaError } from "@gma/core";

/**
 * Why a backup failed, so that an operator (or an alert) can tell a full disk from a wrong
 * folder without parsing the message.
 */
export type BackupFailureReason =
  /** The database file to back up does not exist. */
  | "DATABASE_MISSING"
  /** The backup folder cannot be created or written to (permissions, read-only file system, a file in its place). */
  | "DIR_UNWRITABLE"
  /** The file system (or a quota, or a file size limit) ran out of space while writing the copy. */
  | "DISK_FULL"
  /** The copy was written but did not pass verification (integrity check, migration records, row counts). */
  | "VERIFICATION_FAILED"
  /** Any other read or write failure. */
  | "IO_ERROR";

const HINTS: Record<BackupFailureReason, string> = {
  DATABASE_MISSING: "Check DATABASE_FILE (and GMA_DATA_DIR): there is no database there to back up.",
  DIR_UNWRITABLE: "Make DATABASE_BACKUP_DIR a folder this process may write to (owner, permissions, mount options).",
  DISK_FULL: "Free space where DATABASE_BACKUP_DIR lives (or lower DATABASE_BACKUP_KEEP), then run the backup again.",
  VERIFICATION_FAILED: "Run `PRAGMA integrity_check` on the live database (sqlite3 or `npm run db:backup` reports it); restore the newest verified backup if it is damaged.",
  IO_ERROR: "See the cause; the earlier backups are untouched. Run the backup again once it is fixed.",
};

/**
 * A backup could not be made. Nothing of it is left behind (its temporary file is removed) and
 * the earlier backups are untouched: old backups are deleted only after a new one verified.
 */
export class BackupFailedError extends GmaError {
  constructor(
    readonly reason: BackupFailureReason,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super("BACKUP_FAILED", `Database backup failed (${reason}): ${detail}`, { hint: HINTS[reason], cause: options.cause, isUserError: false });
  }
}
