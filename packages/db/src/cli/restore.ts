// `npm run db:restore -- <backup>` (root) / `npm run restore -w @gma/db -- <backup>`: puts a
// verified backup in place of the database, keeping the current one aside. `--help` for more.
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { listBackups, restoreDatabase } from "../backup";
import { CliUsageError, DB_CLI_EXIT, describeFailure, formatBytes, formatRowCounts, processIo, type CliIo } from "./cli-io";
import { databasePaths } from "./database-paths";

export const RESTORE_USAGE = `npm run db:restore -- <backup-file> [--database <file>]
npm run db:restore -- --list

Stop the API and every worker first (Ctrl-C on npm start): a restore replaces the database file,
and is refused while anything on this machine has it open.

Puts <backup-file> in place of the database:
  1. verifies the backup (integrity_check, migration records, row counts, a schema this version
     knows); a bad one is refused (BACKUP_INVALID) and nothing changes;
  2. refuses while the database is open (DATABASE_IN_USE);
  3. copies the backup beside the database, signs everyone out in the copy (its sessions are
     deleted: one revoked since the backup would be valid again), closes the maintenance runs it
     caught in progress (the backup job's own run as a success, the others as failed), and
     verifies the copy;
  4. renames the current database to <file>.pre-restore-<UTC time>, with its -wal and -shm (it is
     kept, never deleted: remove it yourself once the restore is checked);
  5. puts the copy in its place.
Migrations newer than the backup are applied by the next start (or npm run db:migrate).

Options:
  --database <file>  the database to replace (default: DATABASE_FILE, relative to GMA_DATA_DIR;
                     <data dir>/gma.sqlite)
  --list             list the backups in DATABASE_BACKUP_DIR, newest first, and exit
  -h, --help         this help

Reads .env at the repository root as npm start does. Exit codes: 0 restored, 1 the restore failed
(RESTORE_FAILED: the current database is in place), 2 bad usage, a backup that does not verify
(BACKUP_INVALID) or a database in use (DATABASE_IN_USE).`;

/** Runs the restore command with `argv` (without node and the script); returns the exit code, never throws. */
export async function runRestoreCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { database: { type: "string" }, list: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(`${RESTORE_USAGE}\n`);
      return DB_CLI_EXIT.ok;
    }
    const defaults = databasePaths(io.env);
    const database = values.database === undefined ? defaults.file : path.resolve(io.cwd, values.database);
    if (values.list) {
      if (positionals.length > 0) throw new CliUsageError("--list takes no backup file");
      const backups = listBackups(defaults.backupDir, database);
      io.stdout.write(backups.length === 0 ? `No backups of ${path.basename(database)} in ${defaults.backupDir}\n` : `${backups.map((b) => `${b.file}  ${formatBytes(statSync(b.file).size)}`).join("\n")}\n`);
      return DB_CLI_EXIT.ok;
    }
    if (positionals.length !== 1) throw new CliUsageError(positionals.length === 0 ? "name the backup file to restore" : "name one backup file");
    const restored = await restoreDatabase({ file: database, backup: path.resolve(io.cwd, positionals[0]!) });
    io.stdout.write(
      [
        `Restored ${restored.backup.file}`,
        `  to ${restored.file} (${formatBytes(restored.backup.bytes)}; verified: integrity_check ok, ${restored.backup.migrations.length} migrations)`,
        `  rows: ${formatRowCounts(restored.backup.rowCounts)}`,
        restored.previous ? `  the database it replaced is kept as ${restored.previous}${restored.previousSideFiles.length ? ` (with ${restored.previousSideFiles.map((f) => path.basename(f)).join(", ")})` : ""}` : "  there was no database to replace",
        `  signed everyone out (${restored.sessionsRevoked} session(s) of the backup deleted)`,
        ...(restored.backupRunCompleted !== null ? [`  recorded the backup's own run (#${restored.backupRunCompleted}), which the backup caught in progress, as the successful backup it was`] : []),
        ...(restored.unfinishedRunsClosed ? [`  closed ${restored.unfinishedRunsClosed} maintenance run(s) the backup caught in progress as failed (their errors say why)`] : []),
        restored.pendingMigrations.length ? `  ${restored.pendingMigrations.length} newer migration(s) will be applied at the next start: ${restored.pendingMigrations.join(", ")}` : "  its schema is up to date",
      ].join("\n") + "\n",
    );
    return DB_CLI_EXIT.ok;
  } catch (error) {
    const { text, exitCode, showUsage } = describeFailure(error);
    io.stderr.write(`${text}${showUsage ? `\n\n${RESTORE_USAGE}` : ""}\n`);
    return exitCode;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runRestoreCli(process.argv.slice(2), processIo());
}
