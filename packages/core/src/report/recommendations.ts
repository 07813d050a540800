import type { RiskLevel } from "../analysis";

/** Recommendations per risk level (domain.md). */
export const RECOMMENDATIONS: Readonly<Record<RiskLevel, readonly string[]>> = Object.freeze({
  low: ["Routine follow-up: continue the usual developmental surveillance."],
  medium: ["Repeat the movement assessment in 2-4 weeks.", "Arrange pediatric follow-up."],
  high: ["Urgent referral to a pediatric neurologist.", "Refer for early intervention."],
});

/** What to do next for a risk level. */
export function recommendationsFor(level: RiskLevel): string[] {
  return [...RECOMMENDATIONS[level]];
}
