import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_POLICY, REFERENCE_RISK_POLICY, RISK_RULE_MEASURES, evaluateRisk, strongestSigns, type RiskInputs, type RiskRuleId } from "../../src/analysis";

const calm: RiskInputs = { threshold: 1, maxError: 0.9, meanError: 0.5, windowCount: 100, anomalousCount: 0, overallAmplitude: 0.07 };

const reference = REFERENCE_RISK_POLICY;

describe("evaluateRisk with the reference policy", () => {
  it("is low when no rule fires", () => {
    expect(evaluateRisk(calm, reference)).toEqual({ level: "low", anomalyRatePercent: 0, triggered: [] });
  });

  const cases: [string, Partial<RiskInputs>, "high" | "medium", RiskRuleId][] = [
    ["max error above 2 x threshold", { maxError: 2.01 }, "high", "max-error-critical"],
    ["anomaly rate above 30 %", { anomalousCount: 31, maxError: 1.01 }, "high", "anomaly-rate-high"],
    ["overall amplitude below 0.01", { overallAmplitude: 0.009 }, "high", "movement-critical-drop"],
    ["max error above 1.5 x threshold", { maxError: 1.51 }, "medium", "max-error-elevated"],
    ["anomaly rate above 15 %", { anomalousCount: 16, maxError: 1.01 }, "medium", "anomaly-rate-elevated"],
    ["mean error above the threshold", { meanError: 1.01 }, "medium", "mean-error-above-threshold"],
    ["anomaly rate above 5 %", { anomalousCount: 6, maxError: 1.01 }, "medium", "anomaly-rate-mild"],
    ["mean error above 0.8 x threshold", { meanError: 0.81 }, "medium", "mean-error-near-threshold"],
    ["more than 10 anomalous windows", { windowCount: 1000, anomalousCount: 11, maxError: 1.01 }, "medium", "many-anomalous-windows"],
    ["any anomalous window", { anomalousCount: 1, maxError: 1.01 }, "medium", "any-anomalous-window"],
    ["overall amplitude below 0.03", { overallAmplitude: 0.029 }, "medium", "movement-moderate-drop"],
    ["an asymmetric limb", { asymmetricLimbs: ["arm"] }, "medium", "limb-asymmetry"],
  ];
  for (const [what, change, level, id] of cases) {
    it(`is ${level} on ${what}, and names rule ${id}`, () => {
      const result = evaluateRisk({ ...calm, ...change }, reference);
      expect(result.level).toBe(level);
      expect(result.triggered.map((r) => r.id)).toContain(id);
      expect(result.triggered.find((r) => r.id === id)!.message.length).toBeGreaterThan(10);
    });
  }

  it("does not fire on a value exactly at a limit", () => {
    const result = evaluateRisk({ ...calm, maxError: 1.5, meanError: 0.8, overallAmplitude: 0.03, anomalousCount: 0 }, reference);
    expect(result.level).toBe("low");
    expect(evaluateRisk({ ...calm, maxError: 2, anomalousCount: 30 }, reference).level).toBe("medium");
    expect(evaluateRisk({ ...calm, maxError: 2, anomalousCount: 50 }).level).toBe("medium");
  });

  it("lists every rule that fired, the most severe first, and reports the anomaly rate", () => {
    const result = evaluateRisk({ ...calm, maxError: 2.5, anomalousCount: 40, meanError: 1.2 }, reference);
    expect(result.level).toBe("high");
    expect(result.anomalyRatePercent).toBe(40);
    const ids = result.triggered.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(["max-error-critical", "anomaly-rate-high", "max-error-elevated", "anomaly-rate-elevated", "mean-error-above-threshold", "anomaly-rate-mild", "mean-error-near-threshold", "many-anomalous-windows", "any-anomalous-window"]));
    const severities = result.triggered.map((r) => r.severity);
    expect(severities.indexOf("mild")).toBeGreaterThan(severities.lastIndexOf("high"));
  });

  it("scales every error limit with the model's threshold", () => {
    expect(evaluateRisk({ ...calm, threshold: 0.01, maxError: 0.019, meanError: 0.005 }, reference).level).toBe("medium");
    expect(evaluateRisk({ ...calm, threshold: 0.01, maxError: 0.021, meanError: 0.005 }, reference).level).toBe("high");
    expect(evaluateRisk({ ...calm, threshold: 0.01, maxError: 0.009, meanError: 0.0101 }).level).toBe("medium");
  });

  it("takes its numbers from options and switches rules off", () => {
    const oneWindow = { ...calm, anomalousCount: 1, maxError: 1.01 };
    expect(evaluateRisk(oneWindow, { ...reference, mildAnyAnomalousWindow: false }).level).toBe("low");
    expect(evaluateRisk(oneWindow, { mildAnyAnomalousWindow: true }).level).toBe("medium");
    expect(evaluateRisk({ ...calm, maxError: 2.5 }, { ...reference, highMaxErrorFactor: 3 }).level).toBe("medium");
    expect(evaluateRisk({ ...calm, overallAmplitude: 0.02 }, { moderateAmplitude: 0 }).level).toBe("low");
    expect(evaluateRisk({ ...calm, asymmetricLimbs: ["leg"] }, { asymmetrySeverity: "none" }).level).toBe("low");
    expect(evaluateRisk({ ...calm, asymmetricLimbs: ["leg"] }, { asymmetrySeverity: "high" }).level).toBe("high");
    expect(evaluateRisk({ ...calm, maxError: 99 }, { highMaxErrorFactor: Infinity, mediumMaxErrorFactor: Infinity }).level).toBe("low");
    expect(REFERENCE_RISK_POLICY.highAnomalyRatePercent).toBe(30);
  });


  it("rejects a negative limit, a bad threshold and impossible counts", () => {
    expect(() => evaluateRisk(calm, { mediumAnomalyRatePercent: -1 })).toThrow(/mediumAnomalyRatePercent/);
    expect(() => evaluateRisk({ ...calm, threshold: 0 })).toThrow(/threshold/);
    expect(() => evaluateRisk({ ...calm, anomalousCount: 101 })).toThrow(/anomalousCount/);
  });
});

describe("evaluateRisk with the default policy (calibrated for a 95th-percentile window threshold)", () => {
  it("departs from the reference only in the rules that fire on normal recordings at such a threshold", () => {
    const changed = Object.keys(DEFAULT_RISK_POLICY).filter((k) => DEFAULT_RISK_POLICY[k as keyof typeof DEFAULT_RISK_POLICY] !== REFERENCE_RISK_POLICY[k as keyof typeof REFERENCE_RISK_POLICY]);
    expect(changed.sort()).toEqual(
      ["highAnomalyRatePercent", "highMaxErrorFactor", "mediumAnomalyRatePercent", "mediumMaxErrorFactor", "mildAnomalousWindowCount", "mildAnomalyRatePercent", "mildAnyAnomalousWindow", "mildMeanErrorFactor"].sort(),
    );
    // The movement, mean-score and asymmetry rules are the reference's.
    expect(DEFAULT_RISK_POLICY.mediumMeanErrorFactor).toBe(1);
    expect(DEFAULT_RISK_POLICY.criticalAmplitude).toBe(0.01);
    expect(DEFAULT_RISK_POLICY.moderateAmplitude).toBe(0.03);
  });

  it("is low for a recording like a normal one at its worst: a fifth of its windows anomalous, a few far above the threshold, mean below it", () => {
    const normalLike: RiskInputs = { threshold: 2.75, maxError: 5.2, meanError: 2.3, windowCount: 471, anomalousCount: 94, overallAmplitude: 0.08 };
    expect(evaluateRisk(normalLike)).toEqual({ level: "low", anomalyRatePercent: (100 * 94) / 471, triggered: [] });
    expect(evaluateRisk(normalLike, REFERENCE_RISK_POLICY).level).toBe("medium");
  });

  it("is medium above 35 % of the windows and high above half", () => {
    expect(evaluateRisk({ ...calm, anomalousCount: 35 }).level).toBe("low");
    const medium = evaluateRisk({ ...calm, anomalousCount: 36 });
    expect(medium.level).toBe("medium");
    expect(medium.triggered.map((r) => r.id)).toEqual(["anomaly-rate-elevated"]);
    const high = evaluateRisk({ ...calm, anomalousCount: 51 });
    expect(high.level).toBe("high");
    expect(high.triggered.map((r) => r.id)).toEqual(["anomaly-rate-high", "anomaly-rate-elevated"]);
    // Both measure the anomaly rate: the report's readers show the strictest.
    expect(high.triggered.map((r) => r.measure)).toEqual(["anomaly-rate", "anomaly-rate"]);
    expect(strongestSigns(high.triggered).map((r) => r.id)).toEqual(["anomaly-rate-high"]);
  });

  it("keeps the first sign of each measure, in order, and every sign that names none", () => {
    const all = evaluateRisk({ ...calm, maxError: 2.5, anomalousCount: 40, meanError: 1.2, overallAmplitude: 0.005 }, reference).triggered;
    const shown = strongestSigns(all);
    expect(shown.map((r) => r.id)).toEqual(["max-error-critical", "anomaly-rate-high", "movement-critical-drop", "mean-error-above-threshold", "many-anomalous-windows"]);
    for (const r of all) expect(r.measure).toBe(RISK_RULE_MEASURES[r.id]);
    expect(strongestSigns<{ id: string; measure?: string }>([{ id: "a" }, { id: "b" }])).toHaveLength(2);
  });
});
