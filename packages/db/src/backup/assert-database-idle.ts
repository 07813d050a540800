import Database from "better-sqlite3";
import { DatabaseInUseError } from "../errors";

/** What {@link assertDatabaseIdle} did to the file. */
export interface IdleDatabase {
  /** Whether its WAL was checkpointed into the file (false when SQLite could not read it, e.g. a damaged file). */
  checkpointed: boolean;
}

/**
 * Checks that no other connection has the database open, and folds its WAL into the file.
 *
 * How: a connection in `locking_mode = EXCLUSIVE` takes an exclusive lock. In WAL mode every open
 * connection, even an idle or read-only one (the API's session reader), holds a shared lock on
 * the WAL index, so the exclusive lock is refused (SQLITE_BUSY) while any other process or
 * connection on this machine has the file open. It sees only locks on this machine: a process on
 * another host (a network file system) goes unnoticed, hence the documented stop-first rule.
 *
 * With the lock, a `wal_checkpoint(TRUNCATE)` copies every committed transaction of the -wal into
 * the main file, so that the file alone holds the whole database. A file SQLite cannot read (the
 * damaged database a restore replaces) is not in use as far as can be told, and is left as it is.
 *
 * @throws DatabaseInUseError when another connection holds the database.
 */
export function assertDatabaseIdle(file: string): IdleDatabase {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch {
    return { checkpointed: false };
  }
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) throw new DatabaseInUseError(file, { cause: error });
    return { checkpointed: false };
  }
  try {
    const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
    return { checkpointed: result?.busy === 0 };
  } catch {
    return { checkpointed: false };
  } finally {
    db.close();
  }
}
