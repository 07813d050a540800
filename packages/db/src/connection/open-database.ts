import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../client";
import { defaultDatabaseOptions, type ConnectionPragmas, type DatabaseOptions } from "./database-options";
import { withImmediateTransactions } from "./immediate-transactions";

/** An open database: the Prisma client plus what maintenance code and tests need around it. */
export interface DatabaseHandle {
  /** The Prisma client (JS engine over one better-sqlite3 connection). */
  readonly prisma: PrismaClient;
  /** Absolute path of the SQLite file. */
  readonly file: string;
  /** Reads the connection settings back from SQLite (for health checks and tests). */
  pragmas(): Promise<ConnectionPragmas>;
  /** Closes the connection; the handle is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Opens the SQLite database through Prisma's better-sqlite3 driver adapter and applies the
 * connection settings: WAL journal, synchronous=NORMAL, a 64 MB page cache, temporary tables in
 * memory, a busy timeout and enforced foreign keys. Transactions begin immediately (they take the
 * write lock first; see {@link withImmediateTransactions}).
 *
 * The adapter holds exactly one connection for the life of the client, so the PRAGMAs set here
 * stay in force for every query. Does not migrate: call {@link migrateDatabase} first.
 *
 * @throws RangeError when an option is out of range.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const opts = { ...defaultDatabaseOptions, ...options };
  if (!opts.file || opts.file === ":memory:" || opts.file.startsWith("file:")) {
    throw new RangeError(`openDatabase: file must be a filesystem path (got "${opts.file}"); WAL needs a real file`);
  }
  if (!Number.isInteger(opts.busyTimeoutMs) || opts.busyTimeoutMs < 0) {
    throw new RangeError(`openDatabase: busyTimeoutMs must be a non-negative integer (got ${opts.busyTimeoutMs})`);
  }
  if (!Number.isInteger(opts.cacheSizeKib) || opts.cacheSizeKib < 1) {
    throw new RangeError(`openDatabase: cacheSizeKib must be a positive integer (got ${opts.cacheSizeKib})`);
  }
  const file = path.resolve(opts.file);
  mkdirSync(path.dirname(file), { recursive: true });

  // `timeout` is better-sqlite3's busy timeout; it is applied when the connection opens.
  const adapter = withImmediateTransactions(new PrismaBetterSQLite3({ url: `file:${file}`, timeout: opts.busyTimeoutMs }, { timestampFormat: "unixepoch-ms" }));
  const prisma = new PrismaClient({ adapter, log: [...opts.log] });
  try {
    // journal_mode=WAL persists in the file; the others are per connection.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe(`PRAGMA synchronous = ${opts.synchronous}`);
    await prisma.$executeRawUnsafe(`PRAGMA cache_size = ${-opts.cacheSizeKib}`);
    await prisma.$executeRawUnsafe("PRAGMA temp_store = MEMORY");
    await prisma.$executeRawUnsafe(`PRAGMA busy_timeout = ${opts.busyTimeoutMs}`);
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }

  return {
    prisma,
    file,
    pragmas: () => readPragmas(prisma),
    close: () => prisma.$disconnect(),
  };
}

async function readPragmas(prisma: PrismaClient): Promise<ConnectionPragmas> {
  const read = async (name: keyof ConnectionPragmas): Promise<unknown> => {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    const row = rows[0] ?? {};
    const value = row[name] ?? Object.values(row)[0];
    return typeof value === "bigint" ? Number(value) : value;
  };
  return {
    journal_mode: String(await read("journal_mode")),
    synchronous: Number(await read("synchronous")),
    cache_size: Number(await read("cache_size")),
    temp_store: Number(await read("temp_store")),
    busy_timeout: Number(await read("busy_timeout")),
    foreign_keys: Number(await read("foreign_keys")),
  };
}
