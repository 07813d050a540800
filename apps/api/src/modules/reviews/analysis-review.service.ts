import type { ClinicianReviewHtml } from "@gma/core";
import type { Prisma as Db, AnalysisReview as ReviewRow } from "@gma/db";
import type { Viewer } from "../../context.type";
import { ConflictError } from "../../errors/conflict-error";
import { NotFoundError } from "../../errors/not-found-error";
import type { Prisma } from "../../services";
import type { AnalysisService } from "../analyses/analysis.service";
import type { ReviewAnalysisInput } from "./analysis-review.input";
import { GmaClassification } from "./gma-classification.type";

const RISK_ORDER: readonly string[] = ["low", "medium", "high"];
const CLASS_ORDER: readonly string[] = Object.values(GmaClassification);

/**
 * Clinicians' own assessments of finished analyses. Whoever may read an analysis under the
 * permission matrix may review it; every change and withdrawal is audited (class and whether the
 * notes changed: never the notes themselves, which are clinical text).
 */
export class AnalysisReviewService {
  constructor(
    private readonly prisma: Prisma,
    private readonly analyses: Pick<AnalysisService, "get">,
  ) {}

  /**
   * Records the viewer's assessment of a SUCCEEDED analysis (hot or archived), replacing any
   * earlier one, with the risk level and model version the report gave. NOT_FOUND when the viewer
   * may not read the analysis or it was deleted meanwhile; CONFLICT when it has no report.
   */
  async review(viewer: Viewer, scope: "all" | "own", input: ReviewAnalysisInput): Promise<ReviewRow> {
    const analysis = await this.analyses.get(viewer, scope, input.analysisId);
    if (analysis.status !== "SUCCEEDED" || analysis.riskLevel === null) {
      throw new ConflictError(`The analysis is ${analysis.status.toLowerCase()}: only a finished analysis with a report can be reviewed.`, {
        hint: analysis.status === "QUEUED" || analysis.status === "RUNNING" ? "Review it once it has succeeded." : "Analyse the recording again, then review the new analysis.",
      });
    }
    const notes = input.notes?.trim() ? input.notes.trim() : null;
    const data = {
      classification: input.classification,
      notes,
      reviewerId: viewer.id,
      modelRiskLevel: analysis.riskLevel,
      modelVersion: analysis.modelVersion,
    };
    return this.prisma.$transaction(async (tx) => {
      const previous = await tx.analysisReview.findUnique({ where: { analysisId: analysis.id } });
      // Checked in the transaction: a delete committed since the read above leaves no row to
      // review, and one committed after it also deletes this review (AnalysisService.delete).
      // The analysis keeps the class too (for the lists), wherever it is now: the archiving job may
      // have moved it since it was read. Neither table holding it means it was deleted meanwhile.
      if (!(await markReviewed(tx, analysis.id, input.classification))) throw new NotFoundError("No such analysis.", { hint: "It was deleted meanwhile." });
      const row = await tx.analysisReview.upsert({
        where: { analysisId: analysis.id },
        create: { analysisId: analysis.id, patientId: analysis.patientId, ...data },
        update: data,
      });
      await tx.auditEvent.create({
        data: {
          actorId: viewer.id,
          action: "analysis.review",
          targetType: "analysis",
          targetId: analysis.id,
          details: {
            classification: input.classification,
            previousClassification: previous?.classification ?? null,
            modelRiskLevel: analysis.riskLevel,
            notesChanged: (previous?.notes ?? null) !== notes,
          },
        },
      });
      return row;
    });
  }

  /**
   * The review of an analysis as its HTML report shows it (class, notes, reviewer's name, when),
   * or undefined when it has none. The caller has checked that the viewer may read the analysis.
   */
  async forReport(analysisId: string): Promise<ClinicianReviewHtml | undefined> {
    const row = await this.prisma.analysisReview.findUnique({ where: { analysisId }, include: { reviewer: { select: { displayName: true } } } });
    if (!row) return undefined;
    return { classification: row.classification, notes: row.notes, reviewer: row.reviewer?.displayName ?? null, reviewedAt: row.updatedAt, modelRiskLevel: row.modelRiskLevel };
  }

  /** Withdraws the review of an analysis the viewer may read; NOT_FOUND when it has none. */
  async withdraw(viewer: Viewer, scope: "all" | "own", analysisId: string): Promise<boolean> {
    await this.analyses.get(viewer, scope, analysisId);
    await this.prisma.$transaction(async (tx) => {
      const removed = await tx.analysisReview.deleteMany({ where: { analysisId } });
      if (removed.count === 0) throw new NotFoundError("This analysis has no review to withdraw.", { hint: "Reload the analysis: the review may have been withdrawn already." });
      await markReviewed(tx, analysisId, null);
      await tx.auditEvent.create({ data: { actorId: viewer.id, action: "analysis.review_withdraw", targetType: "analysis", targetId: analysisId } });
    });
    return true;
  }

  /**
   * Reviews counted by model version, the model's risk level and the clinician's class: how the
   * model's verdicts compare with clinicians' on real recordings. Counts only, no patient data.
   * One grouped statement over idx_analysis_reviews_agreement; ordered by version, then risk from
   * low to high, then class in GmaClassification's order.
   */
  async agreement(modelVersion?: string | null) {
    const groups = await this.prisma.analysisReview.groupBy({
      by: ["modelVersion", "modelRiskLevel", "classification"],
      // Any string given is a version to match, "" too (which none has): only null means every version.
      ...(modelVersion !== null && modelVersion !== undefined ? { where: { modelVersion } } : {}),
      _count: { _all: true },
    });
    // SQL would order the levels and classes as text; the answer is in their meaning's order.
    return groups
      .map((g) => ({ modelVersion: g.modelVersion, modelRiskLevel: g.modelRiskLevel, classification: g.classification, count: g._count._all }))
      .sort(
        (a, b) =>
          (a.modelVersion ?? "").localeCompare(b.modelVersion ?? "") ||
          RISK_ORDER.indexOf(a.modelRiskLevel) - RISK_ORDER.indexOf(b.modelRiskLevel) ||
          CLASS_ORDER.indexOf(a.classification) - CLASS_ORDER.indexOf(b.classification),
      );
  }
}

/**
 * Writes a review's class (null: none) onto the analysis, in the hot table or the archive,
 * whichever holds it; false when neither does. Part of the caller's transaction.
 */
async function markReviewed(tx: Db.TransactionClient, analysisId: string, classification: GmaClassification | null): Promise<boolean> {
  const hot = await tx.analysis.updateMany({ where: { id: analysisId }, data: { reviewClassification: classification } });
  if (hot.count > 0) return true;
  const archived = await tx.analysisArchive.updateMany({ where: { id: analysisId }, data: { reviewClassification: classification } });
  return archived.count > 0;
}
