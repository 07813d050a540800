export { openDatabase, type DatabaseHandle } from "./open-database";
export { defaultDatabaseOptions, type DatabaseOptions, type ConnectionPragmas } from "./database-options";
export { withImmediateTransactions, type SqliteAdapterFactory } from "./immediate-transactions";
