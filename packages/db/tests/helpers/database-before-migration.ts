import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { defaultMigrationsDir, migrateDatabase } from "../../src";

/**
 * A database file in `dir` migrated up to the migration before `migration` (a committed
 * migration's folder name), as one deployed before that migration: the tests of a migration
 * write rows the old way into it, then apply the rest.
 */
export async function databaseBeforeMigration(dir: string, migration: string): Promise<string> {
  const earlier = path.join(dir, "migrations");
  for (const name of readdirSync(defaultMigrationsDir)) {
    if (name < migration) cpSync(path.join(defaultMigrationsDir, name), path.join(earlier, name), { recursive: true });
  }
  const file = path.join(dir, "gma.sqlite");
  await migrateDatabase(file, { migrationsDir: earlier });
  return file;
}
