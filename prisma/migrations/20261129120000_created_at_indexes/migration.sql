-- The admin list of all analyses (newest first) and analysisAggregates.perDay range over
-- created_at alone; without an index both scanned and sorted the whole table.
CREATE INDEX "idx_analyses_created" ON "analyses"("created_at");

CREATE INDEX "idx_analysis_archive_created" ON "analysis_archive"("created_at");
