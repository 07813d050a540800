-- A request for a recording already analysed reuses the finished result by fingerprint and
-- parameters; once that result is archived the lookup reads analysis_archive too, which had no
-- index on them and was scanned whole.
CREATE INDEX "idx_analysis_archive_fingerprint_params" ON "analysis_archive"("video_fingerprint", "params_hash");
