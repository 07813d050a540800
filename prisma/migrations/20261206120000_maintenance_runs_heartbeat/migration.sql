-- A run whose process died (killed, out of memory, power lost) never gets its finished_at: the
-- maintenance page would show it running for ever. recordMaintenanceRun now refreshes
-- heartbeat_at while a run is in progress, and closeAbandonedMaintenanceRuns closes as failed
-- the unfinished runs not heard of for minutes. Rows from before this migration have none; the
-- sweep reads their started_at instead (COALESCE), so they need no backfill.
ALTER TABLE "maintenance_runs" ADD COLUMN "heartbeat_at" DATETIME;

-- The sweep runs at every maintenance job: a partial index of the unfinished runs alone (none or
-- one, usually) on the time each was last heard of makes it one index probe, whatever the length
-- of the history. Its expression is the sweep's, written the same, which is how SQLite matches
-- it. Prisma's schema cannot express it, so it lives here only (schema.prisma says so).
CREATE INDEX "idx_maintenance_runs_unfinished" ON "maintenance_runs"(COALESCE("heartbeat_at", "started_at")) WHERE "finished_at" IS NULL;
