// The rules' ids, measures and severities live in report-signs, which browsers import on its own.
import { RISK_RULE_MEASURES, type RiskMeasure, type RiskRuleId, type RuleSeverity } from "./report-signs";

/** Risk level of a screening result. */
export type RiskLevel = "low" | "medium" | "high";

/**
 * Numbers of the risk policy, each configurable. A "greater than" limit set to Infinity, or a
 * "less than" limit set to 0, switches its rule off. {@link REFERENCE_RISK_POLICY} holds the
 * domain's reference numbers; {@link DEFAULT_RISK_POLICY} departs from them where a
 * 95th-percentile window threshold makes a reference rule fire on normal recordings (each
 * departure says why below).
 */
export interface RiskPolicyOptions {
  /**
   * High when the largest window score exceeds this multiple of the threshold. Off by default
   * (reference: 2): the largest of a recording's hundreds of overlapping window scores is an
   * extreme of normal variation that grows with the recording's length (a synthetic normal 20 s
   * recording of the development data reached 2.0 x the threshold); the anomalous-window rate
   * carries the evidence.
   * @defaultValue Infinity
   */
  highMaxErrorFactor?: number;
  /**
   * High when more than this percentage of windows is anomalous. Reference: 30; raised because a
   * normal recording's windows are correlated, so its rate scatters well above the 5 % the
   * threshold admits on average (the model card's `metrics.recording` lists the rates of the
   * synthetic validation and test infants), while most synthetic anomalous recordings have
   * nearly all their windows flagged.
   * @defaultValue 50
   */
  highAnomalyRatePercent?: number;
  /**
   * High when the overall amplitude (mean over joints and windows) is below this: a critical drop of movement.
   * @defaultValue 0.01
   */
  criticalAmplitude?: number;
  /**
   * Medium when the largest window score exceeds this multiple of the threshold. Off by default
   * (reference: 1.5), for the reason given at {@link RiskPolicyOptions.highMaxErrorFactor}.
   * @defaultValue Infinity
   */
  mediumMaxErrorFactor?: number;
  /**
   * Medium when more than this percentage of windows is anomalous. Reference: 15; raised to stay
   * clear of the normal recordings' scatter. Chosen on synthetic development data (simulator
   * seeds 101 and 202, not the model card's test infants): normal recordings reached 27 % of
   * their windows, the least-flagged anomalous recording 48 %; 35 % lies between.
   * @defaultValue 35
   */
  mediumAnomalyRatePercent?: number;
  /**
   * Medium when the mean window score exceeds this multiple of the threshold (as the reference).
   * @defaultValue 1
   */
  mediumMeanErrorFactor?: number;
  /**
   * Mild sign (medium) when more than this percentage of windows is anomalous. Off by default
   * (reference: 5): with a 95th-percentile threshold about 5 % of a normal recording's windows
   * exceed it by construction.
   * @defaultValue Infinity
   */
  mildAnomalyRatePercent?: number;
  /**
   * Mild sign (medium) when the mean window score exceeds this multiple of the threshold. Off by
   * default (reference: 0.8): synthetic normal recordings' mean score reached 0.87 x the
   * threshold on the development data.
   * @defaultValue Infinity
   */
  mildMeanErrorFactor?: number;
  /**
   * Mild sign (medium) when more than this many windows are anomalous. Off by default
   * (reference: 10): a count does not scale with the recording; at one window per frame a normal
   * 20 s recording has about 24 windows above a 95th-percentile threshold.
   * @defaultValue Infinity
   */
  mildAnomalousWindowCount?: number;
  /**
   * Mild sign (medium) when any window at all is anomalous, as the reference policy does. Off by
   * default: with a 95th-percentile threshold nearly every normal recording has some.
   * @defaultValue false
   */
  mildAnyAnomalousWindow?: boolean;
  /**
   * Mild sign (medium) when the overall amplitude is below this: a moderate drop of movement.
   * @defaultValue 0.03
   */
  moderateAmplitude?: number;
  /**
   * Severity of a left/right asymmetry finding. Not part of the reference policy, which lists
   * asymmetry as a finding only; "none" restores that behaviour.
   * @defaultValue "medium"
   */
  asymmetrySeverity?: RuleSeverity | "none";
}

/**
 * What the policy looks at. "Errors" are the per-window anomaly scores (the model card's hybrid
 * score, or the reconstruction error of a schema-1 model); the names are kept from the reference.
 */
export interface RiskInputs {
  /** The model's threshold, on the scores' scale. */
  threshold: number;
  /** Largest window score. */
  maxError: number;
  /** Mean window score. */
  meanError: number;
  /** Number of windows scored. */
  windowCount: number;
  /** Number of windows whose score exceeds the threshold. */
  anomalousCount: number;
  /** Mean amplitude over all joints and windows. */
  overallAmplitude: number;
  /** Limbs found asymmetric (see assessAsymmetry); empty when none. */
  asymmetricLimbs?: readonly ("arm" | "leg")[];
}

/** A rule that fired, with the measured value and the limit it crossed. */
export interface TriggeredRule {
  id: RiskRuleId;
  /** What the rule measures ({@link RISK_RULE_MEASURES}). */
  measure: RiskMeasure;
  severity: RuleSeverity;
  /** Plain-language statement of the sign, for the report. */
  message: string;
  value: number;
  limit: number;
}

/** The policy's verdict. */
export interface RiskAssessment {
  level: RiskLevel;
  /** Percentage of anomalous windows. */
  anomalyRatePercent: number;
  /** Every rule that fired, most severe first. */
  triggered: TriggeredRule[];
}

/** The reference policy's numbers, exactly as the domain states them (domain.md). */
export const REFERENCE_RISK_POLICY: Readonly<Required<RiskPolicyOptions>> = Object.freeze({
  highMaxErrorFactor: 2,
  highAnomalyRatePercent: 30,
  criticalAmplitude: 0.01,
  mediumMaxErrorFactor: 1.5,
  mediumAnomalyRatePercent: 15,
  mediumMeanErrorFactor: 1,
  mildAnomalyRatePercent: 5,
  mildMeanErrorFactor: 0.8,
  mildAnomalousWindowCount: 10,
  mildAnyAnomalousWindow: true,
  moderateAmplitude: 0.03,
  asymmetrySeverity: "medium",
});

/**
 * The defaults: the reference policy with the departures documented on {@link RiskPolicyOptions}
 * for a 95th-percentile window threshold (rules on the anomalous-window rate and the mean score
 * instead of single windows). Pass {@link REFERENCE_RISK_POLICY} to apply the reference as stated.
 */
export const DEFAULT_RISK_POLICY: Readonly<Required<RiskPolicyOptions>> = Object.freeze({
  ...REFERENCE_RISK_POLICY,
  highMaxErrorFactor: Infinity,
  highAnomalyRatePercent: 50,
  mediumMaxErrorFactor: Infinity,
  mediumAnomalyRatePercent: 35,
  mildAnomalyRatePercent: Infinity,
  mildMeanErrorFactor: Infinity,
  mildAnomalousWindowCount: Infinity,
  mildAnyAnomalousWindow: false,
});

/** Validated policy with defaults filled in; rejects negative or non-numeric limits. */
export function resolveRiskPolicy(options: RiskPolicyOptions = {}): Required<RiskPolicyOptions> {
  const p = { ...DEFAULT_RISK_POLICY, ...options };
  for (const [key, value] of Object.entries(p)) {
    if (typeof value !== "number") continue;
    if (Number.isNaN(value) || value < 0) throw new RangeError(`risk policy ${key} must be a non-negative number (Infinity switches a rule off), got ${value}`);
  }
  if (!["high", "medium", "mild", "none"].includes(p.asymmetrySeverity)) {
    throw new RangeError(`risk policy asymmetrySeverity must be high, medium, mild or none, got ${String(p.asymmetrySeverity)}`);
  }
  return p;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(3));

/**
 * Applies the risk policy (by default {@link DEFAULT_RISK_POLICY}): high when more than half
 * of the windows are anomalous or movement has almost stopped; medium when more than 35 % are,
 * the mean window score exceeds the threshold, a limb pair is asymmetric or movement is
 * reduced; low otherwise. Returns every rule that fired, not only the first, so that the report
 * can list the signs.
 */
export function evaluateRisk(inputs: RiskInputs, options: RiskPolicyOptions = {}): RiskAssessment {
  const p = resolveRiskPolicy(options);
  const { threshold, maxError, meanError, windowCount, anomalousCount, overallAmplitude } = inputs;
  if (!(threshold > 0)) throw new RangeError(`threshold must be positive, got ${threshold}`);
  if (!Number.isInteger(windowCount) || windowCount < 0) throw new RangeError(`windowCount must be a non-negative integer, got ${windowCount}`);
  if (!Number.isInteger(anomalousCount) || anomalousCount < 0 || anomalousCount > windowCount) {
    throw new RangeError(`anomalousCount must be an integer in 0..windowCount (${windowCount}), got ${anomalousCount}`);
  }
  const rate = windowCount === 0 ? 0 : (100 * anomalousCount) / windowCount;
  const triggered: TriggeredRule[] = [];
  const rule = (fired: boolean, id: RiskRuleId, severity: RuleSeverity, value: number, limit: number, message: string): void => {
    if (fired) triggered.push({ id, measure: RISK_RULE_MEASURES[id], severity, value, limit, message });
  };
  const maxF = maxError / threshold;
  const meanF = meanError / threshold;

  rule(maxF > p.highMaxErrorFactor, "max-error-critical", "high", maxError, p.highMaxErrorFactor * threshold,
    `Largest window anomaly score is ${fmt(maxF)} x the threshold (limit ${fmt(p.highMaxErrorFactor)} x).`);
  rule(rate > p.highAnomalyRatePercent, "anomaly-rate-high", "high", rate, p.highAnomalyRatePercent,
    `${fmt(rate)} % of windows are anomalous (limit ${fmt(p.highAnomalyRatePercent)} %).`);
  rule(overallAmplitude < p.criticalAmplitude, "movement-critical-drop", "high", overallAmplitude, p.criticalAmplitude,
    `Movement has almost stopped: overall amplitude ${fmt(overallAmplitude)} is below ${fmt(p.criticalAmplitude)}.`);

  rule(maxF > p.mediumMaxErrorFactor, "max-error-elevated", "medium", maxError, p.mediumMaxErrorFactor * threshold,
    `Largest window anomaly score is ${fmt(maxF)} x the threshold (limit ${fmt(p.mediumMaxErrorFactor)} x).`);
  rule(rate > p.mediumAnomalyRatePercent, "anomaly-rate-elevated", "medium", rate, p.mediumAnomalyRatePercent,
    `${fmt(rate)} % of windows are anomalous (limit ${fmt(p.mediumAnomalyRatePercent)} %).`);
  rule(meanF > p.mediumMeanErrorFactor, "mean-error-above-threshold", "medium", meanError, p.mediumMeanErrorFactor * threshold,
    `Mean window anomaly score is ${fmt(meanF)} x the threshold (limit ${fmt(p.mediumMeanErrorFactor)} x).`);

  rule(rate > p.mildAnomalyRatePercent, "anomaly-rate-mild", "mild", rate, p.mildAnomalyRatePercent,
    `${fmt(rate)} % of windows are anomalous (mild sign above ${fmt(p.mildAnomalyRatePercent)} %).`);
  rule(meanF > p.mildMeanErrorFactor, "mean-error-near-threshold", "mild", meanError, p.mildMeanErrorFactor * threshold,
    `Mean window anomaly score is ${fmt(meanF)} x the threshold (mild sign above ${fmt(p.mildMeanErrorFactor)} x).`);
  rule(anomalousCount > p.mildAnomalousWindowCount, "many-anomalous-windows", "mild", anomalousCount, p.mildAnomalousWindowCount,
    `${anomalousCount} windows are anomalous (mild sign above ${fmt(p.mildAnomalousWindowCount)}).`);
  rule(p.mildAnyAnomalousWindow && anomalousCount > 0, "any-anomalous-window", "mild", anomalousCount, 0,
    `${anomalousCount} of ${windowCount} windows exceed the anomaly threshold.`);
  rule(overallAmplitude < p.moderateAmplitude, "movement-moderate-drop", "mild", overallAmplitude, p.moderateAmplitude,
    `Movement is reduced: overall amplitude ${fmt(overallAmplitude)} is below ${fmt(p.moderateAmplitude)}.`);

  const asymmetric = inputs.asymmetricLimbs ?? [];
  if (p.asymmetrySeverity !== "none" && asymmetric.length > 0) {
    rule(true, "limb-asymmetry", p.asymmetrySeverity, asymmetric.length, 0, `Left/right asymmetry beyond the normal range in the ${asymmetric.join(" and ")}s.`);
  }

  const order: Record<RuleSeverity, number> = { high: 0, medium: 1, mild: 2 };
  triggered.sort((a, b) => order[a.severity] - order[b.severity]);
  const level: RiskLevel = triggered.some((r) => r.severity === "high") ? "high" : triggered.length > 0 ? "medium" : "low";
  return { level, anomalyRatePercent: rate, triggered };
}
