// The SQLite work of a backup or restore that takes time in proportion to the database: copying
// it (VACUUM INTO) and checking a copy (PRAGMA integrity_check). better-sqlite3 runs a statement
// synchronously on the thread that calls it, so on the API's or worker's own thread a backup of a
// large database would stall every request, and a worker's BullMQ lock renewals, for as long as
// it takes; here it runs on a thread of its own. Plain JavaScript so that it starts without a
// TypeScript loader wherever the package runs (tsx, vitest, compiled).
//
// workerData is one task; the thread posts one message, { ok: true, ... } or
// { ok: false, error: { message, code } }, and ends.
import { closeSync, fsyncSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** Most integrity_check lines kept: enough to say what is wrong, not a whole damaged file's worth. */
const MAX_INTEGRITY_LINES = 20;

function copy({ source, target, busyTimeoutMs }) {
  // Read-only: the backup must never change the live database (not even a checkpoint on close).
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    db.prepare("VACUUM INTO ?").run(target);
  } finally {
    db.close();
  }
  // SQLite does not sync what VACUUM INTO writes; a backup that a power cut can lose is none.
  const fd = openSync(target, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {};
}

function verify({ file }) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // Reading the schema fails with SQLITE_NOTADB on a file that is not a database.
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .pluck()
      .all();
    const integrity = db
      .prepare(`PRAGMA integrity_check(${MAX_INTEGRITY_LINES})`)
      .pluck()
      .all()
      .filter((line) => line !== "ok");
    const migrations = tables.includes("_prisma_migrations")
      ? db
          .prepare("SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolledBack FROM _prisma_migrations ORDER BY migration_name")
          .all()
          .map((m) => ({ name: m.name, finished: m.finished === 1, rolledBack: m.rolledBack === 1 }))
      : null;
    const rowCounts = {};
    for (const table of tables) rowCounts[table] = db.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get();
    return { integrity, migrations, rowCounts };
  } finally {
    db.close();
  }
}

const tasks = { copy, verify };
try {
  const task = tasks[workerData.op];
  if (!task) throw new Error(`unknown task ${workerData.op}`);
  parentPort.postMessage({ ok: true, ...task(workerData) });
} catch (error) {
  parentPort.postMessage({ ok: false, error: { message: error instanceof Error ? error.message : String(error), code: typeof error?.code === "string" ? error.code : undefined } });
}
