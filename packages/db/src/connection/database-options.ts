/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /** Path of the SQLite file (created when missing, with its folder). `:memory:` is refused: WAL needs a file. */
  file: string;
  /**
   * How long a statement waits for another connection's write lock before failing with
   * SQLITE_BUSY, in milliseconds (PRAGMA busy_timeout).
   * @defaultValue 5000
   */
  busyTimeoutMs?: number;
  /**
   * Page cache size in KiB (PRAGMA cache_size is set to its negation, the KiB form).
   * @defaultValue 64000 (64 MB, from the seed's tuning)
   */
  cacheSizeKib?: number;
  /**
   * PRAGMA synchronous. NORMAL is durable against application crashes in WAL mode and only
   * risks the last transactions on power loss; FULL syncs every commit.
   * @defaultValue "NORMAL"
   */
  synchronous?: "NORMAL" | "FULL";
  /**
   * Prisma log levels to print (e.g. `["query"]` while profiling in development).
   * @defaultValue []
   */
  log?: ("query" | "info" | "warn" | "error")[];
}

/** The connection settings every connection applies, as read back from SQLite. */
export interface ConnectionPragmas {
  journal_mode: string;
  synchronous: number;
  cache_size: number;
  temp_store: number;
  busy_timeout: number;
  foreign_keys: number;
}

export const defaultDatabaseOptions = {
  busyTimeoutMs: 5000,
  cacheSizeKib: 64000,
  synchronous: "NORMAL",
  log: [],
} as const satisfies Omit<Required<DatabaseOptions>, "file">;
