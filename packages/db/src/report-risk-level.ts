import { RiskLevel } from "./client";

const LEVELS: readonly string[] = Object.values(RiskLevel);

/**
 * The `risk.level` of a report, as the analyses' `riskLevel` column stores it, or null when the
 * report has none of the three (a runner's report and an archived payload are untyped JSON; a
 * level no reader knows must not reach the column the lists filter on). The worker writes it
 * with the report; the risk-level migration backfills archived rows with it.
 */
export function reportRiskLevel(report: unknown): RiskLevel | null {
  const level = (report as { risk?: { level?: unknown } } | null | undefined)?.risk?.level;
  return typeof level === "string" && LEVELS.includes(level) ? (level as RiskLevel) : null;
}
