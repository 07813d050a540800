import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io";
import { defaultMigrationsDir } from "../../src";
import { databasePaths } from "../../src/cli/database-paths";
import { runMigrateCli } from "../../src/cli/migrate";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const committed = () => readdirSync(defaultMigrationsDir).filter((name) => /^\d{14}_/.test(name)).sort();
const applied = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name").pluck().all();
  } finally {
    db.close();
  }
};

describe("db:migrate", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gma-migrate-cli-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The tool's streams captured, run from `cwd` with `env`. */
  function io(env: Record<string, string>, cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env, cwd };
    return { value, stdout: () => out.join(""), stderr: () => err.join("") };
  }

  it("migrates a relative DATABASE_FILE under GMA_DATA_DIR, the file the API and db:backup use, not under the folder it runs in", async () => {
    const dataDir = path.join(dir, "data");
    const elsewhere = path.join(dir, "elsewhere");
    mkdirSync(elsewhere);
    const env = { GMA_DATA_DIR: dataDir, DATABASE_FILE: "clinic.sqlite" };
    const run = io(env, elsewhere);

    expect(await runMigrateCli([], run.value), run.stderr()).toBe(0);

    const file = path.join(dataDir, "clinic.sqlite");
    expect(databasePaths(env).file).toBe(file);
    expect(applied(file)).toEqual(committed());
    expect(existsSync(path.join(elsewhere, "clinic.sqlite"))).toBe(false);
    expect(run.stdout()).toBe(`${file}: applied ${committed().join(", ")}\n`);

    const again = io(env, elsewhere);
    expect(await runMigrateCli([], again.value)).toBe(0);
    expect(again.stdout()).toBe(`${file}: schema up to date\n`);
  });

  it("resolves a relative GMA_DATA_DIR against the repository root, as the API does, and --database against the folder it was typed in", async () => {
    const relative = path.relative(repoRoot, path.join(dir, "data"));
    expect(databasePaths({ GMA_DATA_DIR: relative }).file).toBe(path.join(dir, "data", "gma.sqlite"));

    const run = io({ GMA_DATA_DIR: relative }, dir);
    expect(await runMigrateCli(["--database", "drill/gma.sqlite"], run.value), run.stderr()).toBe(0);
    expect(applied(path.join(dir, "drill", "gma.sqlite"))).toEqual(committed());
    expect(existsSync(path.join(dir, "data", "gma.sqlite"))).toBe(false);
  });

  it("answers bad usage with exit 2, the message ending in [CLI_USAGE], and the usage, and creates no database", async () => {
    for (const argv of [["--dry-run"], ["gma.sqlite"]]) {
      const run = io({ GMA_DATA_DIR: dir }, dir);
      expect(await runMigrateCli(argv, run.value)).toBe(2);
      expect(run.stderr()).toMatch(/\[CLI_USAGE\]\n\nnpm run db:migrate/);
    }
    expect(existsSync(path.join(dir, "gma.sqlite"))).toBe(false);
  });

  it("migrates from the repository root's npm script the database GMA_DATA_DIR and a relative DATABASE_FILE name, though npm runs it in packages/db", () => {
    const out = execFileSync("npm", ["run", "-s", "db:migrate"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, GMA_DATA_DIR: dir, DATABASE_FILE: "via-npm.sqlite" } });
    const file = path.join(dir, "via-npm.sqlite");
    expect(out).toContain(`${file}: applied`);
    expect(applied(file)).toEqual(committed());
    expect(existsSync(path.join(repoRoot, "packages", "db", "via-npm.sqlite"))).toBe(false);
    // One npm start on a busy two-core machine.
  }, 60_000);
});
