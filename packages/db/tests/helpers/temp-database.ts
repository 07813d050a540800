import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "../../src";

/** A migrated database in a fresh temporary folder; `dispose` closes it and removes the folder. */
export interface TempDatabase extends DatabaseHandle {
  dir: string;
  dispose(): Promise<void>;
}

export async function createTempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gma-db-test-"));
  const file = path.join(dir, `${randomBytes(4).toString("hex")}.sqlite`);
  await migrateDatabase(file);
  const handle = await openDatabase({ file });
  return {
    ...handle,
    prisma: handle.prisma,
    dir,
    pragmas: handle.pragmas,
    close: handle.close,
    async dispose() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts `count` sessions for `userId` straight through better-sqlite3 (fast seeding). */
export function seedSessions(file: string, userId: string, count: number, expiresAtMs: number, prefix = randomBytes(4).toString("hex")): void {
  const db = new Database(file, { timeout: 5000 });
  try {
    const insert = db.prepare(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, absolute_expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < count; i++) insert.run(`${prefix}-${i}`, userId, now, expiresAtMs, expiresAtMs, now);
    })();
  } finally {
    db.close();
  }
}

/** A user row with a placeholder hash, for tests that are not about passwords. */
export async function insertUser(handle: DatabaseHandle, email = `${randomBytes(4).toString("hex")}@example.org`, role: "ADMIN" | "CLINICIAN" | "ANALYST" = "CLINICIAN"): Promise<string> {
  const user = await handle.prisma.user.create({ data: { email, displayName: "Test User", passwordHash: "not-a-hash", role } });
  return user.id;
}
