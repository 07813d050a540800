// The risk policy's rules as a report names them, and which of a report's signs to show.
// Browsers import this file on its own (`@gma/core/report-signs`): it must import nothing, since
// the package's main entry pulls in onnxruntime-node, ffmpeg and the file system.

/** How strongly a triggered rule pushes the level: high and medium set that level, mild sets medium. */
export type RuleSeverity = "high" | "medium" | "mild";

/** Identifiers of the rules of `evaluateRisk`; stable, for reports and translations. */
export type RiskRuleId =
  | "max-error-critical"
  | "anomaly-rate-high"
  | "movement-critical-drop"
  | "max-error-elevated"
  | "anomaly-rate-elevated"
  | "mean-error-above-threshold"
  | "anomaly-rate-mild"
  | "mean-error-near-threshold"
  | "many-anomalous-windows"
  | "any-anomalous-window"
  | "movement-moderate-drop"
  | "limb-asymmetry";

/**
 * What a rule measures. Rules on one measure differ only in their limit: where several fired, the
 * strictest says all the milder ones say ({@link strongestSigns}).
 */
export type RiskMeasure = "max-score" | "anomaly-rate" | "mean-score" | "anomalous-windows" | "movement" | "asymmetry";

/** The measure of each rule. */
export const RISK_RULE_MEASURES: Readonly<Record<RiskRuleId, RiskMeasure>> = {
  "max-error-critical": "max-score",
  "max-error-elevated": "max-score",
  "anomaly-rate-high": "anomaly-rate",
  "anomaly-rate-elevated": "anomaly-rate",
  "anomaly-rate-mild": "anomaly-rate",
  "mean-error-above-threshold": "mean-score",
  "mean-error-near-threshold": "mean-score",
  "many-anomalous-windows": "anomalous-windows",
  "any-anomalous-window": "anomalous-windows",
  "movement-critical-drop": "movement",
  "movement-moderate-drop": "movement",
  "limb-asymmetry": "asymmetry",
};

/**
 * The signs worth reading: the first (most severe) sign of each measure, in the given order.
 * "61 % of windows are anomalous (limit 50 %)" says what "(limit 35 %)" would repeat. Signs
 * without a measure (reports before schema 1.4.0) are all kept.
 */
export function strongestSigns<S extends { measure?: string | undefined }>(signs: readonly S[]): S[] {
  const seen = new Set<string>();
  return signs.filter((s) => {
    if (s.measure === undefined) return true;
    if (seen.has(s.measure)) return false;
    seen.add(s.measure);
    return true;
  });
}
