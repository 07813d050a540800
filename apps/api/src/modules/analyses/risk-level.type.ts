import { registerEnumType } from "type-graphql";

/**
 * Risk level a report gives a recording. The values are the report's own spelling (`risk.level`),
 * which is also what @gma/db stores in the analyses' `riskLevel` column, so rows pass through.
 */
export enum RiskLevel {
  LOW = "low",
  MEDIUM = "medium",
  HIGH = "high",
}
registerEnumType(RiskLevel, { name: "RiskLevel", description: "Risk level a report gives a recording." });
