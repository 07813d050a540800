import type { AgeInfo, RiskLevel } from "../analysis";
import { GMA_VALIDATED_UNTIL_WEEKS } from "./report-notices";

/** Recommendations per risk level within the GMA's age window (domain.md, British spelling as the product's). */
export const RECOMMENDATIONS: Readonly<Record<RiskLevel, readonly string[]>> = Object.freeze({
  low: ["Routine follow-up: continue the usual developmental surveillance."],
  medium: ["Repeat the movement assessment in 2-4 weeks.", "Arrange paediatric follow-up."],
  high: ["Urgent referral to a paediatric neurologist.", "Refer for early intervention."],
});

/** What every recommendation for an age past the GMA's window starts with. */
const CONFIRM_BEYOND_WINDOW = `Confirm the model's finding with an age-appropriate neurological examination such as the HINE: past ${GMA_VALIDATED_UNTIL_WEEKS} weeks corrected age it is a movement screen only, not a General Movements Assessment.`;

/**
 * Recommendations per risk level for an age past the GMA's window: the first says what confirms
 * the finding and why; none reads as a GMA verdict (no repeat of a movement assessment the infant
 * has outgrown, no urgent referral on the model's word alone).
 */
export const BEYOND_GMA_WINDOW_RECOMMENDATIONS: Readonly<Record<RiskLevel, readonly string[]>> = Object.freeze({
  low: [CONFIRM_BEYOND_WINDOW, "Routine follow-up: continue the usual developmental surveillance."],
  medium: [CONFIRM_BEYOND_WINDOW, "Arrange paediatric follow-up with that examination."],
  high: [CONFIRM_BEYOND_WINDOW, "Refer for an age-appropriate neurological assessment.", "Consider early intervention according to its result."],
});

/** What to do next for a risk level, at the infant's age (within the GMA's window when no age is given). */
export function recommendationsFor(level: RiskLevel, age?: Pick<AgeInfo, "period">): string[] {
  return [...(age?.period === "beyond" ? BEYOND_GMA_WINDOW_RECOMMENDATIONS : RECOMMENDATIONS)[level]];
}
