import { describe, expect, it } from "vitest";
import { InvalidAgeError, QualityTooLowError, REFERENCE_RISK_POLICY, bundledNormalStatistics, type FrameQualityStats } from "../../src/analysis";
import { AutoencoderScorer, type ScoreContext, type WindowScorer, type WindowScores } from "../../src/anomaly";
import { ResultCache } from "../../src/cache";
import { ANALYZE_STAGES, analysisCacheKey, analyzeWindows, type AnalyzeStage, type AnalyzeWindowsOptions } from "../../src/pipeline";
import { ReportSchema } from "../../src/report";
import { LIMB_GROUPS } from "../../src/skeleton";
import { buildScaleModel } from "../anomaly/support/scale-model";
import { alternating, makeWindows } from "../analysis/support/make-windows";
import { FakeScorer } from "./support/fake-scorer";

const normal = bundledNormalStatistics();
const COUNT = 40;
const frameStats: FrameQualityStats = { frameCount: 750, validPoseFrames: 720, durationS: 30, fps: 25 };

function options(model: AnalyzeWindowsOptions["model"], over: Partial<AnalyzeWindowsOptions> = {}, amp: (j: number) => number = (j) => normal.jointAmplitudes[j]!): AnalyzeWindowsOptions {
  return {
    windows: makeWindows(COUNT, alternating(amp)),
    count: COUNT,
    startFrames: Int32Array.from({ length: COUNT }, (_, i) => i * 5),
    fps: 25,
    frameStats,
    ageWeeks: 14,
    model,
    now: () => new Date("2026-01-02T03:04:05.000Z"),
    ...over,
  };
}

/** A hybrid-like scorer: even windows score 4 (set by crossLimbCorrelation), odd ones 1; it records the context it was given. */
class PartsScorer implements WindowScorer {
  readonly windowSize = 30;
  readonly threshold = 3;
  readonly modelVersion = "parts@1";
  readonly scoreKind = "hybrid-max-z" as const;
  readonly contexts: (ScoreContext | undefined)[] = [];

  async scoreWindows(windows: Float32Array, count: number, onProgress?: (done: number, total: number) => void, context?: ScoreContext): Promise<Float32Array> {
    return (await this.scoreWindowsDetailed(windows, count, onProgress, context)).scores;
  }

  async scoreWindowsDetailed(_windows: Float32Array, count: number, _onProgress?: (done: number, total: number) => void, context?: ScoreContext): Promise<WindowScores> {
    this.contexts.push(context);
    return {
      scores: Float32Array.from({ length: count }, (_, i) => (i % 2 ? 1 : 4)),
      reconstructionErrors: Float32Array.from({ length: count }, (_, i) => 0.001 * (1 + (i % 2))),
      components: ["reconstruction", "amplitude", "crossLimbCorrelation"],
      drivers: Uint8Array.from({ length: count }, (_, i) => (i % 2 ? 0 : 2)),
    };
  }
}

describe("analyzeWindows", () => {
  it("writes a schema-valid low-risk report for normal movement with every window under the threshold", async () => {
    const stages: [AnalyzeStage, number][] = [];
    const report = await analyzeWindows(options(new FakeScorer(0.01, () => 0.004), { onProgress: (s, p) => stages.push([s, p]) }));
    expect(ReportSchema.safeParse(report).success).toBe(true);
    expect(report.risk.level).toBe("low");
    expect(report.risk.signs).toEqual([]);
    expect(report.recommendations.join(" ")).toMatch(/routine follow-up/i);
    expect(report.age.period).toBe("fidgety");
    expect(report.findings.movementLevel).toBe("normal");
    expect(report.timeline.startTimesS[3]).toBeCloseTo(15 / 25, 12);
    expect(report.timeline.anomalousCount).toBe(0);
    expect(report.model).toEqual({ version: "fake@1", threshold: 0.01, scoreKind: "reconstruction-error" });
    expect(report.timeline.scoreKind).toBe("reconstruction-error");
    expect(report.timeline.reconstructionErrors).toEqual(report.timeline.errors);
    expect(report.generatedAt).toBe("2026-01-02T03:04:05.000Z");
    expect(report.disclaimer).toMatch(/not a diagnosis/);
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(["quality", "reconstruct", "analyse", "report", "total"]));
    // stages advance in order and each ends at 100
    const order = stages.map(([s]) => ANALYZE_STAGES.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const s of ANALYZE_STAGES) expect(stages.filter(([x]) => x === s).at(-1)![1]).toBe(100);
  });

  it("rates high, with urgent referral, when most windows score above the threshold", async () => {
    const report = await analyzeWindows(options(new FakeScorer(0.01, (i) => (i % 4 ? 0.03 : 0.005))));
    expect(report.risk.level).toBe("high");
    expect(report.risk.anomalyRatePercent).toBe(75);
    expect(report.risk.signs[0]!.severity).toBe("high");
    expect(report.recommendations.join(" ")).toMatch(/paediatric neurologist/);
    expect(report.timeline.anomalous.filter(Boolean)).toHaveLength(30);
    expect(report.assessment.summary).toMatch(/deviate markedly/);
  });

  it("rates medium when more than 35 % of the windows are anomalous and recommends a repeat in 2-4 weeks", async () => {
    const report = await analyzeWindows(options(new FakeScorer(0.01, (i) => (i < 15 ? 0.012 : 0.004))));
    expect(report.risk.level).toBe("medium");
    expect(report.risk.signs.map((s) => s.id)).toEqual(["anomaly-rate-elevated"]);
    expect(report.recommendations.join(" ")).toMatch(/2-4 weeks/);
  });

  it("keeps a recording with two anomalous windows low by default, where the reference policy, which reads single windows, rates it high", async () => {
    const few = new FakeScorer(0.01, (i) => (i === 7 || i === 30 ? 0.025 : 0.004));
    expect((await analyzeWindows(options(few))).risk.level).toBe("low");
    const reference = await analyzeWindows(options(few, { riskPolicy: REFERENCE_RISK_POLICY }));
    expect(reference.risk.level).toBe("high");
    expect(reference.risk.signs.map((s) => s.id)).toEqual(expect.arrayContaining(["max-error-critical", "any-anomalous-window"]));
  });

  it("scores with the infant's corrected age, and reports the hybrid score's parts and which part flagged each window", async () => {
    const model = new PartsScorer();
    const report = await analyzeWindows(options(model, { ageWeeks: 20, gestationalAgeWeeks: 30 }));
    expect(model.contexts).toEqual([{ correctedAgeWeeks: 10 }]);
    expect(report.timeline.scoreKind).toBe("hybrid-max-z");
    expect(report.model.scoreKind).toBe("hybrid-max-z");
    expect(report.timeline.threshold).toBe(3);
    expect(report.timeline.errors.slice(0, 4)).toEqual([4, 1, 4, 1]);
    expect(report.timeline.reconstructionErrors!.slice(0, 2)).toEqual([Math.fround(0.001), Math.fround(0.002)]);
    // even windows score 4 (above 3): 20 of 40, all set by crossLimbCorrelation
    expect(report.timeline.flaggedBy).toEqual({ crossLimbCorrelation: 20 });
    expect(report.risk.level).toBe("medium");
    expect(report.risk.signs.map((s) => s.id)).toEqual(["anomaly-rate-elevated"]);
    // "Most" only when it is most: here every anomalous window, named in words, not by its id.
    expect(report.assessment.details.join(" ")).toMatch(/Anomalous windows \(all 20\) depart from normal in how independently the limbs move \(cross-limb correlation\)\./);
    expect(report.assessment.details.join(" ")).not.toContain("crossLimbCorrelation");
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it("finds absent movement as a critical drop even when the model sees nothing unusual", async () => {
    const report = await analyzeWindows(options(new FakeScorer(0.01, () => 0.001), {}, () => 0.002));
    expect(report.findings.movementLevel).toBe("absent");
    expect(report.risk.level).toBe("high");
    expect(report.assessment.details.join(" ")).toMatch(/absent fidgety/);
  });

  it("picks the asymmetry threshold and the period from the corrected age", async () => {
    const right = new Set<number>([...LIMB_GROUPS.rightArm, ...LIMB_GROUPS.rightLeg]);
    const amp = (j: number): number => normal.jointAmplitudes[j]! * (right.has(j) ? 0.4 : 1);
    const term = await analyzeWindows(options(new FakeScorer(0.01, () => 0.004), {}, amp));
    const preterm = await analyzeWindows(options(new FakeScorer(0.01, () => 0.004), { gestationalAgeWeeks: 30 }, amp));
    expect(term.asymmetry.thresholdSigma).toBe(2.0);
    expect(preterm.age.correctedAgeWeeks).toBe(4);
    expect(preterm.age.period).toBe("writhing");
    expect(preterm.asymmetry.thresholdSigma).toBe(2.5);
    const arm = term.asymmetry.limbs.find((l) => l.limb === "arm")!;
    expect(arm.asymmetric).toBe(true);
    expect(arm.reducedSide).toBe("right");
    expect(term.risk.signs.map((s) => s.id)).toContain("limb-asymmetry");
  });

  it("refuses a poor recording before running the model", async () => {
    const model = new FakeScorer(0.01, () => 0.004);
    const error = await analyzeWindows(options(model, { frameStats: { ...frameStats, validPoseFrames: 100 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QualityTooLowError);
    expect((error as QualityTooLowError).code).toBe("QUALITY_TOO_LOW");
    expect(model.calls).toBe(0);
  });

  it("refuses an impossible age with INVALID_AGE", async () => {
    await expect(analyzeWindows(options(new FakeScorer(0.01, () => 0), { ageWeeks: -2 }))).rejects.toBeInstanceOf(InvalidAgeError);
  });

  it("returns the stored report for the same fingerprint, parameters and model, and recomputes when one changes", async () => {
    const cache = new ResultCache({ register: false });
    const model = new FakeScorer(0.01, () => 0.004);
    const base = options(model, { fingerprint: "sha256:abc", resultCache: cache });
    const first = await analyzeWindows(base);
    const second = await analyzeWindows({ ...base, now: () => new Date() });
    expect(second).toEqual(first);
    expect(model.calls).toBe(1);
    await analyzeWindows({ ...base, ageWeeks: 15 });
    expect(model.calls).toBe(2);
    await analyzeWindows({ ...base, riskPolicy: { mildAnyAnomalousWindow: true } });
    expect(model.calls).toBe(3);
    const other = new FakeScorer(0.01, () => 0.004, "fake@2");
    await analyzeWindows({ ...base, model: other });
    expect(other.calls).toBe(1);
    // the same model version through other weights (a compressed variant) scores afresh
    const int8 = Object.assign(new FakeScorer(0.01, () => 0.004), { weightsFile: "m.int8.onnx" });
    await analyzeWindows({ ...base, model: int8 });
    expect(int8.calls).toBe(1);
    // spelling out a default is the same analysis
    expect(analysisCacheKey({ ...base, riskPolicy: { highAnomalyRatePercent: 50 } })).toBe(analysisCacheKey(base));
    await analyzeWindows({ ...base, fingerprint: undefined });
    expect(model.calls).toBe(4);
    cache.dispose();
  });

  it("runs end to end on a real onnxruntime model", async () => {
    const model = await AutoencoderScorer.create(buildScaleModel(0.9), { modelVersion: "scale@0.9", threshold: 1e-4, normalStatistics: normal }, { batchSize: 16, intraOpNumThreads: 1 });
    try {
      const report = await analyzeWindows(options(model));
      expect(ReportSchema.safeParse(report).success).toBe(true);
      // error of x * 0.9 is 0.01 x mean(x^2); every value here is +-amplitude of its joint
      const meanSq = normal.jointAmplitudes.reduce((s, a) => s + Math.fround(a) ** 2, 0) / 75; // only x moves
      expect(report.timeline.errors[0]).toBeCloseTo(0.01 * meanSq, 7);
      expect(report.model.version).toBe("scale@0.9");
    } finally {
      await model.release();
    }
  });
});
