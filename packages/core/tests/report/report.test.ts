import { describe, expect, it } from "vitest";
import { bundledNormalStatistics } from "../../src/analysis";
import { analyzeWindows } from "../../src/pipeline";
import { REPORT_SCHEMA_VERSION, ReportSchema, SYNTHETIC_MODEL_WARNING, escapeHtml, parseReport, recommendationsFor, renderReportHtml, type Report } from "../../src/report";
import { alternating, makeWindows } from "../analysis/support/make-windows";
import { FakeScorer } from "../pipeline/support/fake-scorer";
import { normalWindowsOptions } from "../pipeline/support/normal-windows";

const normal = bundledNormalStatistics();

async function sampleReport(count = 60, errorOf: (i: number) => number = (i) => (i >= 20 && i < 26 ? 0.03 : 0.004)): Promise<Report> {
  return analyzeWindows({
    windows: makeWindows(count, alternating((j) => normal.jointAmplitudes[j]!)),
    count,
    startFrames: Int32Array.from({ length: count }, (_, i) => i * 10),
    fps: 25,
    frameStats: { frameCount: count * 10 + 30, validPoseFrames: count * 10, durationS: (count * 10 + 30) / 25, fps: 25 },
    ageWeeks: 12,
    model: new FakeScorer(0.01, errorOf),
    fingerprint: "sha256:feed",
  });
}

/** The report of 40 normal windows scored by `scorer`. */
function normalReport(scorer: FakeScorer): Promise<Report> {
  return analyzeWindows(normalWindowsOptions(scorer));
}

describe("report schema", () => {
  it("accepts a report from the pipeline and states its schema version and disclaimer", async () => {
    const report = await sampleReport();
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(parseReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it("rejects a report whose timeline does not match its window count, or without recommendations", async () => {
    const report = await sampleReport();
    const broken = { ...report, timeline: { ...report.timeline, errors: report.timeline.errors.slice(1) } };
    expect(ReportSchema.safeParse(broken).success).toBe(false);
    expect(ReportSchema.safeParse({ ...report, recommendations: [] }).success).toBe(false);
    expect(ReportSchema.safeParse({ ...report, schemaVersion: "0.9.0" }).success).toBe(false);
    expect(ReportSchema.safeParse({ ...report, risk: { ...report.risk, level: "severe" } }).success).toBe(false);
  });

  it("still parses a 1.0.0 report read back from storage, which has no score kind, parts or reconstruction errors", async () => {
    const report = JSON.parse(JSON.stringify(await sampleReport())) as Record<string, Record<string, unknown>>;
    const { scoreKind: _kind, flaggedBy: _by, reconstructionErrors: _errors, ...timeline } = report.timeline!;
    const old = { ...report, schemaVersion: "1.0.0", timeline, model: { version: "fake@1", threshold: 0.01 } };
    expect(parseReport(old).schemaVersion).toBe("1.0.0");
    expect(ReportSchema.safeParse({ ...old, schemaVersion: "2.0.0" }).success).toBe(false);
    const mismatched = { ...report, timeline: { ...report.timeline, reconstructionErrors: [0.1] } };
    expect(ReportSchema.safeParse(mismatched).success).toBe(false);
  });

  it("names the weights file that scored, in the JSON and the HTML, and leaves it out when the scorer does not say", async () => {
    const scorer = Object.assign(new FakeScorer(0.01, () => 0.004), { weightsFile: "autoencoder.int8.onnx" });
    const report = await normalReport(scorer);
    expect(report.model.weights).toBe("autoencoder.int8.onnx");
    expect(parseReport(JSON.parse(JSON.stringify(report))).model.weights).toBe("autoencoder.int8.onnx");
    expect(renderReportHtml(report)).toContain("model fake@1 (autoencoder.int8.onnx)");
    const silent = await sampleReport();
    expect(silent.model).not.toHaveProperty("weights");
    expect(ReportSchema.safeParse({ ...silent, model: { ...silent.model, weights: "" } }).success).toBe(false);
  });

  it("states what a synthetic-data model was trained on and warns in the HTML; stays silent for a model whose card does not say", async () => {
    const scorer = Object.assign(new FakeScorer(0.01, () => 0.004), { trainingData: { synthetic: true, note: "simulated infants only <b>" } });
    const report = await normalReport(scorer);
    expect(report.model.trainingData).toEqual({ synthetic: true, note: "simulated infants only <b>" });
    expect(parseReport(JSON.parse(JSON.stringify(report))).model.trainingData?.synthetic).toBe(true);
    const html = renderReportHtml(report);
    expect(html).toContain(escapeHtml(SYNTHETIC_MODEL_WARNING));
    expect(html).toContain("simulated infants only &lt;b&gt;");

    const silent = await sampleReport();
    expect(silent.model.trainingData).toBeUndefined();
    expect(renderReportHtml(silent)).not.toContain("data-synthetic-model");
  });

  it("recommends by level as the domain says", () => {
    expect(recommendationsFor("low").join(" ")).toMatch(/routine follow-up/i);
    // The product's British spelling, as everywhere else in the report.
    expect(recommendationsFor("medium").join(" ")).toMatch(/2-4 weeks.*paediatric follow-up/i);
    expect(recommendationsFor("high").join(" ")).toMatch(/urgent referral.*paediatric neurologist.*early intervention/i);
    for (const level of ["low", "medium", "high"] as const) expect(recommendationsFor(level).join(" ")).not.toMatch(/pediatric/);
  });
});

describe("renderReportHtml", () => {
  it("draws the error timeline with its threshold line and shades the anomalous stretch", async () => {
    const report = await sampleReport();
    const html = renderReportHtml(report);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toMatch(/<svg class="timeline"/);
    expect(html).toMatch(/<line class="threshold"/);
    // windows 20-25 are one consecutive anomalous run: one band
    expect(html.match(/<rect class="anomalous"/g)).toHaveLength(1);
    expect(html.match(/<polyline class="errors"[^>]*points="([^"]*)"/)![1]!.split(" ")).toHaveLength(60);
    expect(html).toMatch(/not a diagnosis/);
  });

  it("titles the timeline by what it holds and says which part of the hybrid score flagged the windows", async () => {
    const report = await sampleReport();
    expect(renderReportHtml(report)).toMatch(/<h2>Reconstruction error over time<\/h2>/);
    const hybrid: Report = { ...report, timeline: { ...report.timeline, scoreKind: "hybrid-max-z", flaggedBy: { crossLimbCorrelation: 5, amplitude: 1 } } };
    const html = renderReportHtml(hybrid);
    expect(html).toMatch(/<h2>Window anomaly score over time<\/h2>/);
    expect(html).toContain("by the part that set their score: cross-limb correlation 5, amount of movement 1.");
    expect(html).not.toContain("crossLimbCorrelation");
    expect(html).toMatch(/aria-label="Window anomaly score per window over time/);
  });

  it("shows a clinician's review after the assessment, notes escaped with their line breaks, and says whether it agrees with the model", async () => {
    const report = await sampleReport();
    expect(renderReportHtml(report)).not.toContain("data-clinician-review");
    const reviewedAt = new Date("2026-12-05T09:41:30Z");
    const html = renderReportHtml(report, {
      clinicianReview: { classification: "ABSENT_FIDGETY", notes: "No F seen.\n<b>3 min</b>", reviewer: "Dr <Ann>", reviewedAt, modelRiskLevel: "high" },
    });
    const section = html.slice(html.indexOf("<section class=\"figure\" data-clinician-review>"), html.indexOf("<h2>Recommendations</h2>"));
    expect(section).toContain("<strong>F- (Fidgety movements absent)</strong>, by Dr &lt;Ann&gt; on 2026-12-05 09:41 UTC.");
    expect(section).toContain("No F seen.\n&lt;b&gt;3 min&lt;/b&gt;");
    expect(section).toContain("agrees with the model's high risk level");
    expect(html.indexOf("<h2>Assessment</h2>")).toBeLessThan(html.indexOf("<h2>Clinician's review</h2>"));
    const differs = renderReportHtml(report, { clinicianReview: { classification: "NORMAL_FIDGETY", notes: null, reviewer: null, reviewedAt, modelRiskLevel: "medium" } });
    expect(differs).toContain("by a removed account");
    expect(differs).toContain("differs from the model's medium risk level");
    const unassessable = renderReportHtml(report, { clinicianReview: { classification: "NOT_ASSESSABLE", notes: null, reviewer: "A", reviewedAt, modelRiskLevel: "low" } });
    expect(unassessable).toContain("<strong>Not assessable</strong>");
    expect(unassessable).toContain("not assessable; the model's risk level should not be relied on either");
  });

  it("draws one bar per reported joint against its normal range", async () => {
    const report = await sampleReport();
    const html = renderReportHtml(report);
    expect(html.match(/<rect class="amplitude"/g)).toHaveLength(report.findings.joints.length);
    expect(html.match(/<rect class="normal-range"/g)).toHaveLength(report.findings.joints.length);
    expect(html).toContain(">leftHand<");
  });

  it("keeps every peak when it thins out a long timeline", async () => {
    const report = await sampleReport(500, (i) => (i === 333 ? 0.05 : 0.004));
    const html = renderReportHtml(report, { maxTimelinePoints: 100 });
    const points = html.match(/<polyline class="errors"[^>]*points="([^"]*)"/)![1]!.split(" ").map((p) => Number(p.split(",")[1]));
    expect(points.length).toBeLessThanOrEqual(100);
    // the top of the plot area (y = 10) is where the largest error lands
    expect(Math.min(...points)).toBeCloseTo(10, 0);
  });

  it("lists one sign per measure, the strictest, though the report keeps every rule that fired", async () => {
    const report = await sampleReport();
    const sign = (id: string, measure: string | undefined, severity: "high" | "medium" | "mild", limit: number) => ({ id, ...(measure ? { measure } : {}), severity, message: `rate 61 % (limit ${limit} %) [${id}]`, value: 61, limit });
    const signs = [sign("anomaly-rate-high", "anomaly-rate", "high", 50), sign("anomaly-rate-elevated", "anomaly-rate", "medium", 35), sign("mean-error-above-threshold", "mean-score", "medium", 1)];
    const html = renderReportHtml({ ...report, risk: { ...report.risk, signs } });
    expect(html).toContain("[anomaly-rate-high]");
    expect(html).toContain("[mean-error-above-threshold]");
    expect(html).not.toContain("[anomaly-rate-elevated]");
    // A report from before signs named their measure shows them all.
    const old = renderReportHtml({ ...report, risk: { ...report.risk, signs: signs.map(({ measure: _measure, ...rest }) => rest) } });
    expect(old).toContain("[anomaly-rate-elevated]");
  });

  it("names the analysis under the title and, for paper, in a footer with the recording, date, model version and that it is a screening aid", async () => {
    const report = await sampleReport();
    const html = renderReportHtml({ ...report, generatedAt: "2026-12-05T08:40:00.767Z" }, { analysisId: "cmj3x2k0q0001" });
    expect(html).toContain("Analysis <code>cmj3x2k0q0001</code> · Generated 2026-12-05T08:40:00.767Z");
    const footer = html.match(/<footer class="running"[^>]*>(.*?)<\/footer>/s)![1]!;
    expect(footer).toContain("analysis cmj3x2k0q0001 · recording sha256:feed");
    expect(footer).toContain("generated 2026-12-05 08:40 UTC · model fake@1");
    expect(footer).toContain("A screening aid, not a diagnosis.");
    // Without an analysis (gma analyze) the recording alone identifies it.
    expect(renderReportHtml(report)).toMatch(/<footer class="running"[^>]*>recording sha256:feed<br>/);
  });

  it("loads nothing from outside the page", async () => {
    const html = renderReportHtml(await sampleReport());
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(|@import/i);
  });

  it("escapes text that came from outside, so injected markup stays text", async () => {
    const report = await sampleReport();
    const evil = `<script>alert("x")</script><img src=x onerror='y'>`;
    const tampered: Report = {
      ...report,
      input: { ...report.input, fingerprint: evil },
      model: { ...report.model, version: evil },
      assessment: { summary: evil, details: [evil] },
      risk: { ...report.risk, signs: [{ id: "x", severity: "mild", message: evil, value: 1, limit: 0 }] },
      recommendations: [evil],
    };
    const html = renderReportHtml(tampered, { title: evil, analysisId: evil });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(evil));
    expect(escapeHtml(`a&b<c>"d"'e'`)).toBe("a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
  });
});
