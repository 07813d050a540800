export { migrateDatabase, defaultMigrationsDir, type MigrateOptions } from "./migrate-database";
