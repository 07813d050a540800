import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// Resolved apart from `new Worker(...)` so that no bundler mistakes it for a web worker to bundle.
const WORKER_FILE = fileURLToPath(new URL("./sqlite-file-worker.mjs", import.meta.url));

/** Tasks of `sqlite-file-worker.mjs`. */
export type SqliteFileTask = { op: "copy"; source: string; target: string; busyTimeoutMs: number } | { op: "verify"; file: string };

/** What `verify` reads from a copy. */
export interface SqliteFileFacts {
  /** integrity_check's lines other than "ok" (empty: the file is sound). */
  integrity: string[];
  /** `_prisma_migrations`, by name; null when the table is missing. */
  migrations: { name: string; finished: boolean; rolledBack: boolean }[] | null;
  /** Rows of every table. */
  rowCounts: Record<string, number>;
}

/** A failure inside the thread: SQLite's or the file system's message and code (SQLITE_FULL, ENOSPC...). */
export class SqliteFileTaskError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "SqliteFileTaskError";
  }
}

type Reply<T> = ({ ok: true } & T) | { ok: false; error: { message: string; code?: string } };

/**
 * Runs one task of `sqlite-file-worker.mjs` on a thread of its own, so that a long VACUUM INTO or
 * integrity check does not block this thread's event loop.
 *
 * @throws SqliteFileTaskError with SQLite's or the file system's code when the task fails.
 */
export function runSqliteFileWorker(task: { op: "copy"; source: string; target: string; busyTimeoutMs: number }): Promise<void>;
export function runSqliteFileWorker(task: { op: "verify"; file: string }): Promise<SqliteFileFacts>;
export function runSqliteFileWorker(task: SqliteFileTask): Promise<void | SqliteFileFacts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: task });
    let settled = false;
    worker.once("message", (reply: Reply<SqliteFileFacts>) => {
      settled = true;
      if (reply.ok) resolve(task.op === "verify" ? { integrity: reply.integrity, migrations: reply.migrations, rowCounts: reply.rowCounts } : undefined);
      else reject(new SqliteFileTaskError(reply.error.message, reply.error.code));
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the SQLite file thread exited with code ${code} before answering`));
    });
  });
}
