-- /metrics and the maintenance page read the newest failed DATABASE_BACKUP run on every scrape.
-- Failures are rare, so through idx_maintenance_runs_kind_started that lookup would walk every
-- success since the last failure (all of a healthy installation's runs); a partial index of the
-- failed runs alone makes it one index probe, and costs nothing for runs that succeed. Prisma's
-- schema cannot express a partial index, so it lives here only (schema.prisma says so).
CREATE INDEX "idx_maintenance_runs_failed" ON "maintenance_runs"("kind", "started_at") WHERE "error" IS NOT NULL;
