// `npm run db:migrate` (root) / `npm run migrate -w @gma/db`: applies pending committed
// migrations to the database the API uses. `--help` for the options.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../migrations";
import { CliUsageError, DB_CLI_EXIT, describeFailure, processIo, type CliIo } from "./cli-io";
import { databaseFileOf } from "./database-paths";

export const MIGRATE_USAGE = `npm run db:migrate -- [--database <file>]

Applies the committed migrations the database has not seen yet, each in its own transaction
(npm start, the API and workers do the same when they start).

Options:
  --database <file>  the database (default: DATABASE_FILE, relative to GMA_DATA_DIR, as the API
                     reads it; <data dir>/gma.sqlite)
  -h, --help         this help

Reads .env at the repository root as npm start does. Exit codes: 0 done, 1 a migration failed
(rolled back; MIGRATION_FAILED with what to do), 2 bad usage.`;

/** Runs the migrate command with `argv` (without node and the script); returns the exit code, never throws. */
export async function runMigrateCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { database: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
    if (values.help) {
      io.stdout.write(`${MIGRATE_USAGE}\n`);
      return DB_CLI_EXIT.ok;
    }
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"; db:migrate takes options only`);
    // Resolved as the API resolves it: the old resolution against the current folder (where npm
    // runs the workspace script: packages/db) migrated another file than the one the API opens.
    const file = values.database === undefined ? databaseFileOf(io.env) : path.resolve(io.cwd, values.database);
    const applied = await migrateDatabase(file);
    io.stdout.write(applied.length ? `${file}: applied ${applied.join(", ")}\n` : `${file}: schema up to date\n`);
    return DB_CLI_EXIT.ok;
  } catch (error) {
    const { text, exitCode, showUsage } = describeFailure(error);
    io.stderr.write(`${text}${showUsage ? `\n\n${MIGRATE_USAGE}` : ""}\n`);
    return exitCode;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runMigrateCli(process.argv.slice(2), processIo());
}
