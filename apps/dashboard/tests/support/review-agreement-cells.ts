import type { GmaClassification, RiskLevel } from "@/gql/graphql";

/** One reviewAgreement cell: `count` reviews of class `classification` of analyses rated `modelRiskLevel`. */
export const reviewCell = (classification: GmaClassification, modelRiskLevel: RiskLevel, count: number, modelVersion: string | null = null) => ({
  classification,
  modelRiskLevel,
  count,
  modelVersion,
});

/**
 * Enough reviews to judge: 25 abnormal (PR 3 low + 5 medium, CS 4 high, Ch 1 low + 2 high, AF 3
 * medium, F- 2 low + 5 high: 19 rated medium or high), 24 normal (N 12 low + 2 medium, F+ 9 low
 * + 1 high: 21 rated low) and 6 not assessable.
 */
export function enoughReviews(modelVersion: string | null = null) {
  const cell = (classification: GmaClassification, risk: RiskLevel, count: number) => reviewCell(classification, risk, count, modelVersion);
  return [
    cell("POOR_REPERTOIRE", "LOW", 3),
    cell("POOR_REPERTOIRE", "MEDIUM", 5),
    cell("CRAMPED_SYNCHRONISED", "HIGH", 4),
    cell("CHAOTIC", "LOW", 1),
    cell("CHAOTIC", "HIGH", 2),
    cell("ABNORMAL_FIDGETY", "MEDIUM", 3),
    cell("ABSENT_FIDGETY", "LOW", 2),
    cell("ABSENT_FIDGETY", "HIGH", 5),
    cell("NORMAL_WRITHING", "LOW", 12),
    cell("NORMAL_WRITHING", "MEDIUM", 2),
    cell("NORMAL_FIDGETY", "LOW", 9),
    cell("NORMAL_FIDGETY", "HIGH", 1),
    cell("NOT_ASSESSABLE", "HIGH", 4),
    cell("NOT_ASSESSABLE", "LOW", 2),
  ];
}
