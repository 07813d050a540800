import { RiskLevel } from "@gma/db";

const LEVELS: readonly string[] = Object.values(RiskLevel);

/**
 * The `risk.level` of a report the pipeline returned, as the analyses' `riskLevel` column stores
 * it, or null when the report has none of the three (a runner's report is typed `unknown`; a
 * level no reader knows must not reach the column the lists filter on).
 */
export function reportRiskLevel(report: unknown): RiskLevel | null {
  const level = (report as { risk?: { level?: unknown } } | null | undefined)?.risk?.level;
  return typeof level === "string" && LEVELS.includes(level) ? (level as RiskLevel) : null;
}
