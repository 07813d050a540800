/** A report's risk level, as the report JSON and (upper-cased) the GraphQL enum spell it. */
export type RiskLevelName = "low" | "medium" | "high";

/** Badge tone of each risk level, the same on every page that shows one. */
export const RISK_TONE = { low: "ok", medium: "warn", high: "danger" } as const satisfies Record<RiskLevelName, string>;

/** Chart colour of each risk level. */
export const RISK_LEVEL_COLORS = { low: "#1e8e4e", medium: "#b7791f", high: "#c0392b" } as const satisfies Record<RiskLevelName, string>;

/** The level of a GraphQL `RiskLevel` value (`LOW`, ...). */
export function riskLevelName(level: "LOW" | "MEDIUM" | "HIGH"): RiskLevelName {
  return level.toLowerCase() as RiskLevelName;
}
