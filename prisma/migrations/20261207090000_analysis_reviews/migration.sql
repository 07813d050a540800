-- Clinicians' own assessments of finished analyses (AnalysisReview). analysis_id is not a foreign
-- key: archiving moves an analysis to analysis_archive under the same id and its review must stay;
-- AnalysisService.delete removes the review with the analysis, and a patient's deletion cascades.
-- The agreement index serves the model-vs-clinician counts (GROUP BY version, risk, class). The
-- review's class is also kept on the analysis (hot or archived), as risk_level is, so that the
-- lists find the analyses still to review through an index; no review exists yet to copy.
-- CreateTable
CREATE TABLE "analysis_reviews" (
    "analysis_id" TEXT NOT NULL PRIMARY KEY,
    "patient_id" TEXT NOT NULL,
    "reviewer_id" TEXT,
    "classification" TEXT NOT NULL,
    "notes" TEXT,
    "model_risk_level" TEXT NOT NULL,
    "model_version" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "analysis_reviews_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "analysis_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "idx_analysis_reviews_patient" ON "analysis_reviews"("patient_id");

-- CreateIndex
CREATE INDEX "idx_analysis_reviews_agreement" ON "analysis_reviews"("model_version", "model_risk_level", "classification");

-- AlterTable
ALTER TABLE "analyses" ADD COLUMN "review_classification" TEXT;

-- AlterTable
ALTER TABLE "analysis_archive" ADD COLUMN "review_classification" TEXT;

-- The analyses still to review, newest first (AnalysisFilter.reviewed = false): succeeded (a risk
-- level is set only then) and without a review. Partial, so it holds the worklist alone; its
-- terms take no parameter, so the planner can tell that the list's query implies them.
CREATE INDEX "idx_analyses_to_review" ON "analyses"("created_at") WHERE "risk_level" IS NOT NULL AND "review_classification" IS NULL;

CREATE INDEX "idx_analysis_archive_to_review" ON "analysis_archive"("created_at") WHERE "risk_level" IS NOT NULL AND "review_classification" IS NULL;
