import type { RiskLevel } from "@/gql/graphql";

/** A report's risk level, as the report JSON and (upper-cased) the GraphQL enum spell it. */
export type RiskLevelName = "low" | "medium" | "high";

/** Badge tone of each risk level, the same on every page that shows one. */
export const RISK_TONE = { low: "ok", medium: "warn", high: "danger" } as const satisfies Record<RiskLevelName, string>;

/** The level of a GraphQL `RiskLevel` value (`LOW`, ...). */
export function riskLevelName(level: RiskLevel): RiskLevelName {
  return level.toLowerCase() as RiskLevelName;
}

/** The choices of the analyses page's risk filter: its URL value (`?risk=`) and its label. */
export const RISK_FILTERS = [
  { value: "high", label: "high" },
  { value: "medium,high", label: "medium or high" },
  { value: "medium", label: "medium" },
  { value: "low", label: "low" },
] as const;

const LEVELS: Readonly<Partial<Record<string, RiskLevel>>> = { low: "LOW", medium: "MEDIUM", high: "HIGH" };

/**
 * The levels a `?risk=` value asks for (`high`, `medium,high`, ...) as the API's filter takes
 * them, without repeats; undefined (no filter) when it is absent or names no known level, so
 * that a hand-edited URL lists everything rather than failing.
 */
export function parseRiskFilter(value: string | null | undefined): RiskLevel[] | undefined {
  const asked = new Set((value ?? "").split(",").map((v) => LEVELS[v.trim().toLowerCase()]));
  // In a fixed order, so that `high,medium` selects the same choice as `medium,high`.
  const levels = (["LOW", "MEDIUM", "HIGH"] as const).filter((l) => asked.has(l));
  return levels.length > 0 ? levels : undefined;
}

/** The `?risk=` value of a filter {@link parseRiskFilter} read, in its one spelling. */
export function riskFilterValue(levels: readonly RiskLevel[] | undefined): string {
  return (levels ?? []).map((l) => l.toLowerCase()).join(",");
}
