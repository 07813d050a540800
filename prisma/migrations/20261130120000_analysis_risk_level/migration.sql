-- Lists show and filter analyses by risk level; reading it out of every row's report JSON would
-- make a page of 100 parse 100 reports and a filter scan the whole table. The level is copied
-- into its own column (the report's `risk.level` spelling: low, medium, high), null unless the
-- analysis SUCCEEDED, with an index for the filtered list, newest first.
ALTER TABLE "analyses" ADD COLUMN "risk_level" TEXT;

ALTER TABLE "analysis_archive" ADD COLUMN "risk_level" TEXT;

CREATE INDEX "idx_analyses_risk_created" ON "analyses"("risk_level", "created_at");

CREATE INDEX "idx_analysis_archive_risk_created" ON "analysis_archive"("risk_level", "created_at");

-- Backfill of the hot table from the stored report (JSON text). The CASE keeps json_extract away
-- from a report that is not valid JSON (it would abort the migration); a level outside the
-- three stays null rather than becoming a value no reader knows.
UPDATE "analyses"
SET "risk_level" = CASE WHEN json_valid("report") THEN json_extract("report", '$.risk.level') END
WHERE "status" = 'SUCCEEDED'
  AND "report" IS NOT NULL
  AND (CASE WHEN json_valid("report") THEN json_extract("report", '$.risk.level') END) IN ('low', 'medium', 'high');

-- Archived rows keep their report inside a raw-deflated payload, which SQL cannot inflate:
-- migrateDatabase (packages/db/src/migrations) backfills them in the same transaction, right
-- after this file (backfillArchivedRiskLevels). `prisma migrate deploy` alone would leave their
-- risk_level null.
