import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Database } from "better-sqlite3";
import { DriverAdapterChangedError } from "../errors/driver-adapter-changed-error";

/** What PrismaClient needs of a driver adapter factory; the adapter's class has private fields, so its shape is named instead. */
export type SqliteAdapterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;

/**
 * Wraps Prisma's better-sqlite3 adapter factory so that every transaction it opens begins with
 * `BEGIN IMMEDIATE` instead of the adapter's plain (deferred) `BEGIN`.
 *
 * Why: in WAL mode a deferred transaction reads from the snapshot of its first read. When another
 * process (the worker beside the API) commits after that read, the transaction's first write
 * fails at once with SQLITE_BUSY_SNAPSHOT: the busy timeout cannot help, because waiting would
 * not make the stale snapshot current. Most of our transactions read and then write (check a
 * row, then change it and record an audit event), so a review saved while the archiving job
 * moved the same analysis failed with an internal error. An immediate transaction takes the
 * write lock when it begins, before its first read, and waits for it under the busy timeout
 * like any write; its reads then see the latest commit.
 *
 * The adapter opens transactions by preparing the literal statement `BEGIN` on its one
 * better-sqlite3 connection (adapter 6.19); the wrapper rewrites exactly that statement on
 * that connection. Should an upgrade change the adapter's shape, connecting fails with
 * {@link DriverAdapterChangedError} rather than silently going back to deferred transactions.
 */
export function withImmediateTransactions(factory: PrismaBetterSQLite3): SqliteAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => beginImmediately(await factory.connect()),
    connectToShadowDb: async () => beginImmediately(await factory.connectToShadowDb()),
  };
}

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

function beginImmediately(adapter: Adapter): Adapter {
  const client = (adapter as unknown as { client?: Partial<Database> }).client;
  if (!client || typeof client.prepare !== "function") {
    throw new DriverAdapterChangedError("it no longer exposes its better-sqlite3 connection as `client`, so transactions cannot be made to begin immediately");
  }
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as Database["prepare"];
  return adapter;
}
