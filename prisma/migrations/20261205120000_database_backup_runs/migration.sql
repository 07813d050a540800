-- Database backups run as a maintenance job (kind DATABASE_BACKUP: SQLite keeps Prisma enums as
-- TEXT without a CHECK, so the new kind needs no SQL), and their run history must show what each
-- run wrote: the backup's size and its file name, null for the jobs that write no file.
ALTER TABLE "maintenance_runs" ADD COLUMN "bytes" BIGINT;

ALTER TABLE "maintenance_runs" ADD COLUMN "output" TEXT;
