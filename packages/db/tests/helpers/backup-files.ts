import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** Inserts `count` audit events of about `bytes` bytes each straight through better-sqlite3: a database of real size, fast. */
export function seedAuditEvents(file: string, count: number, bytes = 1000): void {
  const db = new Database(file, { timeout: 5000 });
  try {
    const insert = db.prepare("INSERT INTO audit_events (action, target_type, details, created_at) VALUES (?, 'seed', ?, ?)");
    const details = JSON.stringify({ note: randomBytes(Math.ceil(bytes / 2)).toString("hex").slice(0, bytes) });
    db.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(`seed-${i}`, details, Date.now());
    })();
  } finally {
    db.close();
  }
}

/** Every file of a folder (hidden ones too) with its size and modification time: what "left untouched" compares. */
export function folderState(dir: string): Record<string, { size: number; mtimeMs: number; sha256: string }> {
  const state: Record<string, { size: number; mtimeMs: number; sha256: string }> = {};
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (stat.isFile()) state[name] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") };
  }
  return state;
}

/** integrity_check of a file, read on a connection of its own. */
export function integrityOf(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("PRAGMA integrity_check").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Runs `fn` with a read-only connection to `file`. */
export function readDatabase<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Makes `dir` unwritable to this process, root included (root ignores permission bits: the
 * folder is also made immutable with chattr), and checks that it is. Returns how to undo it.
 */
export function makeUnwritable(dir: string): () => void {
  chmodSync(dir, 0o555);
  const root = process.getuid?.() === 0;
  if (root) {
    const r = spawnSync("chattr", ["+i", dir], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`running as root, the test needs chattr +i to make a folder unwritable: ${r.stderr || r.error}`);
  }
  const undo = () => {
    if (root) spawnSync("chattr", ["-i", dir]);
    chmodSync(dir, 0o755);
  };
  try {
    writeFileSync(path.join(dir, ".probe"), "x");
  } catch {
    return undo;
  }
  undo();
  throw new Error(`${dir} is still writable; the test cannot make a folder unwritable here`);
}
