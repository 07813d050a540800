export { migrateDatabase, committedMigrations, defaultMigrationsDir, type MigrateOptions } from "./migrate-database";
