// `npm run db:backup` (root) / `npm run backup -w @gma/db`: a verified online backup of the
// database, and retention of the newest N. `--help` for the options.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { backupDatabase } from "../backup";
import { CliUsageError, DB_CLI_EXIT, describeFailure, formatBytes, formatRowCounts, processIo, type CliIo } from "./cli-io";
import { databasePaths } from "./database-paths";

export const BACKUP_USAGE = `npm run db:backup -- [--dir <folder>] [--keep <n>] [--database <file>]

Copies the database to <folder>/<name>-YYYYMMDDTHHMMSS.mmmZ.sqlite (UTC) while the API and
workers keep running, verifies the copy (integrity_check, migration records, row counts), and
only then deletes the backups beyond the newest <n>. A backup that fails leaves no file behind
and deletes nothing.

Options:
  --dir <folder>     where backups go (default: DATABASE_BACKUP_DIR, relative to GMA_DATA_DIR;
                     <data dir>/backups)
  --keep <n>         backups to keep, this one included (default: DATABASE_BACKUP_KEEP, 14)
  --database <file>  the database (default: DATABASE_FILE, relative to GMA_DATA_DIR;
                     <data dir>/gma.sqlite)
  -h, --help         this help

Reads .env at the repository root as npm start does. Exit codes: 0 done, 1 the backup failed
(BACKUP_FAILED, with its reason and what to do) or an old backup could not be deleted, 2 bad
usage.`;

/** Runs the backup command with `argv` (without node and the script); returns the exit code, never throws. */
export async function runBackupCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { dir: { type: "string" }, keep: { type: "string" }, database: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(`${BACKUP_USAGE}\n`);
      return DB_CLI_EXIT.ok;
    }
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"; db:backup takes options only`);
    const defaults = databasePaths(io.env);
    const keep = values.keep === undefined ? defaults.keep : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 1) throw new CliUsageError(`--keep must be a positive integer (got "${values.keep}")`);
    const backup = await backupDatabase({
      file: values.database === undefined ? defaults.file : path.resolve(io.cwd, values.database),
      dir: values.dir === undefined ? defaults.backupDir : path.resolve(io.cwd, values.dir),
      keep,
    });
    io.stdout.write(
      [
        `Backed up to ${backup.file}`,
        `  ${formatBytes(backup.bytes)} in ${(backup.durationMs / 1000).toFixed(1)} s; verified: integrity_check ok, ${backup.migrations.length} migrations (latest ${backup.migrations.at(-1)})`,
        `  rows: ${formatRowCounts(backup.rowCounts)}`,
        `  retention: the newest ${keep} kept; ${backup.deleted.length === 0 ? "none deleted" : `deleted ${backup.deleted.map((f) => path.basename(f)).join(", ")}`}`,
        ...backup.notDeleted.map((n) => `  could not delete ${n.file}: ${n.error}`),
      ].join("\n") + "\n",
    );
    return backup.notDeleted.length > 0 ? DB_CLI_EXIT.failed : DB_CLI_EXIT.ok;
  } catch (error) {
    const { text, exitCode, showUsage } = describeFailure(error);
    io.stderr.write(`${text}${showUsage ? `\n\n${BACKUP_USAGE}` : ""}\n`);
    return exitCode;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runBackupCli(process.argv.slice(2), processIo());
}
