import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBackupCli } from "../../src/cli/backup";
import type { CliIo } from "../../src/cli/cli-io";
import { runRestoreCli } from "../../src/cli/restore";
import { readDatabase } from "../helpers/backup-files";
import { createTempDatabase, insertUser, type TempDatabase } from "../helpers/temp-database";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

/** The tools' streams captured, with GMA_DATA_DIR at the test's folder and the database named as the API names it. */
function io(db: TempDatabase, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: { GMA_DATA_DIR: db.dir, DATABASE_FILE: path.basename(db.file), ...env },
    cwd: db.dir,
  };
  return { value, stdout: () => out.join(""), stderr: () => err.join("") };
}

describe("db:backup and db:restore", () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createTempDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("db:backup writes a verified backup under GMA_DATA_DIR/backups and keeps DATABASE_BACKUP_KEEP of them; db:restore --list shows them and restores one", async () => {
    await insertUser(db, "before@example.org");
    for (let i = 0; i < 3; i++) {
      const run = io(db, { DATABASE_BACKUP_KEEP: "2" });
      expect(await runBackupCli([], run.value), run.stderr()).toBe(0);
      expect(run.stdout()).toMatch(/Backed up to .*backups\/.*Z\.sqlite\n.*verified: integrity_check ok/);
      expect(run.stdout()).toMatch(/users 1/);
    }
    const backups = readdirSync(path.join(db.dir, "backups")).sort();
    expect(backups).toHaveLength(2);
    await insertUser(db, "after@example.org");

    const list = io(db);
    expect(await runRestoreCli(["--list"], list.value)).toBe(0);
    expect(list.stdout().trim().split("\n")).toHaveLength(2);

    // Refused while this test's connection is open, with the code at the end of the message.
    const busy = io(db);
    expect(await runRestoreCli([path.join("backups", backups[1]!)], busy.value)).toBe(2);
    expect(busy.stderr()).toMatch(/Stop the API.*\[DATABASE_IN_USE\]\n$/s);

    await db.close();
    const restore = io(db);
    expect(await runRestoreCli([path.join("backups", backups[1]!)], restore.value), restore.stderr()).toBe(0);
    expect(restore.stdout()).toMatch(/the database it replaced is kept as .*\.pre-restore-\d{8}T\d{6}\.\d{3}Z/);
    expect(readDatabase(db.file, (c) => c.prepare("SELECT email FROM users").pluck().all())).toEqual(["before@example.org"]);
  });

  it("answers bad usage with exit 2, the message ending in [CLI_USAGE], and the usage", async () => {
    for (const [run, argv] of [
      [runBackupCli, ["--keep", "0"]],
      [runBackupCli, ["--frequency", "daily"]],
      [runRestoreCli, []],
      [runRestoreCli, ["a.sqlite", "b.sqlite"]],
    ] as const) {
      const cli = io(db);
      expect(await run([...argv], cli.value)).toBe(2);
      expect(cli.stderr()).toMatch(/\[CLI_USAGE\]\n\nnpm run db:/);
    }
    const badEnv = io(db, { DATABASE_BACKUP_KEEP: "many" });
    expect(await runBackupCli([], badEnv.value)).toBe(2);
    expect(badEnv.stderr()).toMatch(/DATABASE_BACKUP_KEEP must be a positive integer/);
  });

  it("answers --help from the repository root's npm scripts", () => {
    const run = (script: string) => execFileSync("npm", ["run", "-s", script, "--", "--help"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, GMA_DATA_DIR: db.dir } });
    expect(run("db:backup")).toMatch(/^npm run db:backup -- \[--dir <folder>\] \[--keep <n>\]/);
    expect(run("db:restore")).toMatch(/^npm run db:restore -- <backup-file>/);
    // Two npm starts on a busy two-core machine.
  }, 60_000);
});
