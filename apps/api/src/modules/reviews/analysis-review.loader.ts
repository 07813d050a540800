import DataLoader from "dataloader";
import type { Prisma } from "../../services";

/** An analysis's review or null, one query per tick for every analysis on a page. */
export function createReviewByAnalysisLoader(prisma: Prisma) {
  return new DataLoader(async (analysisIds: readonly string[]) => {
    const rows = await prisma.analysisReview.findMany({ where: { analysisId: { in: [...analysisIds] } } });
    const byId = new Map(rows.map((r) => [r.analysisId, r]));
    return analysisIds.map((id) => byId.get(id) ?? null);
  });
}
