import { describe, expect, it } from "vitest";
import { ResultCache } from "../../src/cache";
import { analysisCacheKey, analyzeWindows, type AnalyzeWindowsOptions } from "../../src/pipeline";
import { PRETERM_CAVEAT, ReportSchema, ageWords, flaggedBySummary, renderReportHtml, reportNotices, scorePart, type Report } from "../../src/report";
import { FakeScorer } from "../pipeline/support/fake-scorer";
import { normalWindowsOptions } from "../pipeline/support/normal-windows";

function options(over: Partial<AnalyzeWindowsOptions> = {}, errorOf: (i: number) => number = (i) => (i % 4 ? 0.03 : 0.005)): AnalyzeWindowsOptions {
  return normalWindowsOptions(new FakeScorer(0.01, errorOf), { fingerprint: "sha256:feed", ...over });
}

/** The text between two markers of the page. */
function between(html: string, from: string, to: string): string {
  const start = html.indexOf(from);
  expect(start, from).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf(to, start));
}

/** The text a reader sees in the page's "age" row. */
function ageRow(html: string): string {
  return html.match(/<tr><th>age<\/th><td>(.*?)<\/td><\/tr>/)![1]!;
}

describe("a recording past the age window the GMA is validated for (over 20 weeks corrected age)", () => {
  it("keeps the risk level it would have at 12 weeks but says plainly, first and in the assessment, that it is a movement screen to confirm with an examination such as the HINE", async () => {
    const within = await analyzeWindows(options());
    const report = await analyzeWindows(options({ ageWeeks: 30 }));
    expect(report.age.period).toBe("beyond");
    expect(report.risk).toEqual(within.risk);
    expect(report.risk.level).toBe("high");

    expect(report.assessment.summary).toContain("at 30 weeks of age this recording is outside the age window the General Movements Assessment is validated for (up to 20 weeks corrected age)");
    expect(report.assessment.summary).toContain("the model's finding is a movement screen only: confirm with an age-appropriate neurological examination such as the HINE");
    expect(report.recommendations[0]).toBe(
      "Confirm the model's finding with an age-appropriate neurological examination such as the HINE: past 20 weeks corrected age it is a movement screen only, not a General Movements Assessment.",
    );

    const html = renderReportHtml(report);
    const notice = html.match(/<p class="notice" data-notice="age-window"><strong>Outside the GMA age window\.<\/strong> (.*?)<\/p>/)![1]!;
    expect(notice).toContain("At 30 weeks of age this recording is outside the age window the General Movements Assessment is validated for");
    expect(notice).toContain("such as the HINE");
    // At the top: before the disclaimer and the risk level.
    expect(html.indexOf('data-notice="age-window"')).toBeLessThan(html.indexOf('class="disclaimer"'));
    expect(html.indexOf('data-notice="age-window"')).toBeLessThan(html.indexOf("<h2>Assessment</h2>"));
    expect(ageRow(html)).toBe("30 weeks; beyond the GMA age window (over 20 weeks corrected age)");
    expect(html).not.toContain("beyond period");
  });

  it("recommends an age-appropriate neurological assessment at high risk, never the GMA's urgent referral or a repeat of the movement assessment", async () => {
    const high = await analyzeWindows(options({ ageWeeks: 60 }));
    expect(high.recommendations).toContain("Refer for an age-appropriate neurological assessment.");
    expect(high.recommendations.join(" ")).not.toMatch(/urgent referral|neurologist|repeat the movement assessment/i);
    const medium = await analyzeWindows(options({ ageWeeks: 30 }, (i) => (i < 15 ? 0.012 : 0.004)));
    expect(medium.risk.level).toBe("medium");
    expect(medium.recommendations.join(" ")).not.toMatch(/repeat the movement assessment/i);
    expect(medium.recommendations.join(" ")).toMatch(/paediatric follow-up/);

    // Within the window the GMA's own wording stays.
    const within = await analyzeWindows(options({ ageWeeks: 20 }));
    expect(within.age.period).toBe("fidgety");
    expect(within.recommendations).toEqual(["Urgent referral to a paediatric neurologist.", "Refer for early intervention."]);
    expect(reportNotices(within)).toEqual([]);
    expect(renderReportHtml(within)).not.toContain('class="notice"');
  });

  it("counts the corrected age: 26 weeks after a birth at 30 weeks is 16 weeks corrected, within the window", async () => {
    const report = await analyzeWindows(options({ ageWeeks: 26, gestationalAgeWeeks: 30 }));
    expect(report.age.period).toBe("fidgety");
    expect(reportNotices(report)).toEqual([]);
    const late = await analyzeWindows(options({ ageWeeks: 34, gestationalAgeWeeks: 30 }));
    expect(reportNotices(late)[0]!.text).toMatch(/^At 24 weeks corrected age this recording is outside/);
  });
});

describe("a recording before term age (a negative corrected age)", () => {
  it("states the preterm period in words, never as a negative age, with the caveat that the writhing references describe term-age infants", async () => {
    const report = await analyzeWindows(options({ ageWeeks: 2, gestationalAgeWeeks: 24 }));
    expect(report.age.correctedAgeWeeks).toBe(-14);
    // Scored against the writhing references as before.
    expect(report.age.period).toBe("writhing");

    const assessment = [report.assessment.summary, ...report.assessment.details].join(" ");
    expect(report.assessment.summary).toContain("applied to a recording made before term age (preterm: 14 weeks before term age)");
    expect(report.assessment.details).toContain(`Age 2 weeks (born at 24 weeks): preterm: 14 weeks before term age. ${PRETERM_CAVEAT}`);
    expect(assessment).not.toMatch(/-14/);

    const html = renderReportHtml(report);
    const notice = between(html, '<p class="notice" data-notice="preterm">', "</p>");
    expect(notice).toContain("<strong>Preterm recording.</strong> Recorded before term age (preterm: 14 weeks before term age).");
    expect(notice).toContain("The writhing-movement references describe infants at term age, so a preterm recording is compared against them with care.");
    expect(ageRow(html)).toBe("2 weeks, born at 24 weeks; preterm: 14 weeks before term age");
    expect(html).not.toMatch(/-14 weeks|writhing period/);
    expect(html).toContain("Threshold 2.5 SD for this corrected age.");
  });

  it("speaks of term age itself (corrected age 0) and of a corrected age after it as before", () => {
    const age = { ageWeeks: 16, gestationalAgeWeeks: 24, correctedAgeWeeks: 0, corrected: true, period: "writhing" };
    expect(ageWords(age)).toBe("16 weeks, corrected 0 weeks (born at 24 weeks); writhing period");
    expect(reportNotices({ age, input: {} })).toEqual([]);
    expect(ageWords({ ...age, ageWeeks: 1, correctedAgeWeeks: -1 })).toBe("1 week, born at 24 weeks; preterm: 1 week before term age");
    expect(ageWords({ ageWeeks: 12.4, gestationalAgeWeeks: null, correctedAgeWeeks: 12.4, corrected: false, period: "fidgety" })).toBe("12.4 weeks; fidgety period");
  });
});

describe("the report's words for a person (no raw identifiers, no claims that are not so)", () => {
  it("names the parts of the score in words in the HTML, and a part it does not know by its id split into words", async () => {
    expect(scorePart("crossLimbCorrelation").label).toBe("cross-limb correlation");
    expect(scorePart("reconstruction").label).toBe("reconstruction error");
    expect(scorePart("someNewPart")).toEqual({ label: "some new part", measures: "some new part" });
    expect(scorePart("toString").label).toBe("to string");
    expect(flaggedBySummary({ reconstruction: 346, crossLimbCorrelation: 721, amplitude: 0 })).toBe("cross-limb correlation 721, reconstruction error 346");
    expect(flaggedBySummary({})).toBeNull();
    expect(flaggedBySummary(undefined)).toBeNull();

    const report = await analyzeWindows(options());
    const html = renderReportHtml({ ...report, timeline: { ...report.timeline, scoreKind: "hybrid-max-z", flaggedBy: { crossLimbCorrelation: 721, reconstruction: 346 } } });
    expect(html).toContain("Anomalous windows by the part that set their score: cross-limb correlation 721, reconstruction error 346.");
    expect(html).not.toMatch(/crossLimbCorrelation|reconstruction 346/);
  });

  it("says 'Most' of the anomalous windows only when one part set most of them, and 'all' when it set every one", async () => {
    const detail = async (flaggedBy: Record<string, number>): Promise<string> => {
      const scorer = Object.assign(new FakeScorer(3, (i) => (i % 2 ? 1 : 4)), {
        scoreKind: "hybrid-max-z" as const,
        // Each flagged window's driver, in order, so that flaggedBy comes out as asked.
        async scoreWindowsDetailed(_w: Float32Array, count: number) {
          const parts = Object.entries(flaggedBy).flatMap(([part, k]) => Array<string>(k).fill(part));
          const components = ["reconstruction", ...Object.keys(flaggedBy)];
          const drivers = Uint8Array.from({ length: count }, (_, i) => (i % 2 ? 0 : components.indexOf(parts[i / 2] ?? "reconstruction")));
          return { scores: Float32Array.from({ length: count }, (_, i) => (i % 2 ? 1 : 4)), reconstructionErrors: new Float32Array(count), components, drivers };
        },
      });
      const report = await analyzeWindows(options({ model: scorer }));
      return report.assessment.details.find((d) => d.includes("anomalous windows") || d.includes("Anomalous windows"))!;
    };
    expect(await detail({ crossLimbCorrelation: 20 })).toBe("Anomalous windows (all 20) depart from normal in how independently the limbs move (cross-limb correlation).");
    expect(await detail({ crossLimbCorrelation: 14, amplitude: 6 })).toBe("Most anomalous windows (14 of 20) depart from normal in how independently the limbs move (cross-limb correlation).");
    expect(await detail({ amplitude: 8, crossLimbCorrelation: 7, spectralPeakShare: 5 })).toBe("The largest group of anomalous windows (8 of 20) departs from normal in the amount of movement.");
  });

  it("says 'for this corrected age' of the asymmetry threshold only when a correction was applied", async () => {
    const term = renderReportHtml(await analyzeWindows(options({ ageWeeks: 12 })));
    expect(term).toContain("Threshold 2 SD for this age.");
    expect(term).not.toContain("corrected age.");
    const preterm = renderReportHtml(await analyzeWindows(options({ ageWeeks: 14, gestationalAgeWeeks: 34 })));
    expect(preterm).toContain("SD for this corrected age.");
    expect(preterm).toContain("14 weeks, corrected 8 weeks (born at 34 weeks); writhing period");
  });

  it("shows the recording's file name, its base name only, beside the fingerprint in the title, the header and on every printed page", async () => {
    const report = await analyzeWindows(options({ recording: { fileName: "/home/ann/clips/baby <1>.mp4" } }));
    expect(report.input.fileName).toBe("baby <1>.mp4");
    expect(ReportSchema.parse(JSON.parse(JSON.stringify(report))).input.fileName).toBe("baby <1>.mp4");
    const html = renderReportHtml(report);
    expect(html).toContain("<title>GMA Insight screening report: baby &lt;1&gt;.mp4</title>");
    expect(html).toMatch(/<p class="muted">Recording <code data-file-name>baby &lt;1&gt;\.mp4<\/code> · Generated /);
    expect(html.match(/<footer class="running"[^>]*>(.*?)<br>/s)![1]).toBe("recording baby &lt;1&gt;.mp4 (fingerprint sha256:feed)");
    expect(html).toContain("<tr><th>input</th><td><code>baby &lt;1&gt;.mp4</code>, fingerprint <code>sha256:feed</code>;");
    expect(html).not.toContain("/home/ann");

    expect((await analyzeWindows(options({ recording: { fileName: "C:\\clips\\b.mp4" } }))).input.fileName).toBe("b.mp4");
    // Unknown (the API never learns the upload's name): the fingerprint alone, as before.
    const unnamed = await analyzeWindows(options());
    expect(unnamed.input).not.toHaveProperty("fileName");
    expect(renderReportHtml(unnamed)).toContain("<title>GMA Insight screening report</title>");
  });

  it("serves the same bytes under another name from the cache, named as the caller names them", async () => {
    expect(analysisCacheKey(options({ recording: { fileName: "a.mp4" } }))).toBe(analysisCacheKey(options({ recording: { fileName: "b.mp4" } })));
    const cache = new ResultCache({ register: false });
    try {
      const model = new FakeScorer(0.01, () => 0.004);
      const first = await analyzeWindows(options({ model, fingerprint: "sha256:same", resultCache: cache, recording: { fileName: "a.mp4" } }));
      const second = await analyzeWindows(options({ model, fingerprint: "sha256:same", resultCache: cache, recording: { fileName: "b.mp4" } }));
      const third = await analyzeWindows(options({ model, fingerprint: "sha256:same", resultCache: cache }));
      expect(model.calls).toBe(1);
      expect([first.input.fileName, second.input.fileName]).toEqual(["a.mp4", "b.mp4"]);
      expect(third.input).not.toHaveProperty("fileName");
      expect(second.generatedAt).toBe(first.generatedAt);
    } finally {
      cache.dispose();
    }
  });
});

describe("what a keypoint file says of itself", () => {
  const synthetic = (report: Report, statedAgeWeeks?: number): Report => ({
    ...report,
    input: { ...report.input, synthetic: { movementClass: "cramped-synchronised" }, ...(statedAgeWeeks === undefined ? {} : { statedAgeWeeks }) },
  });

  it("marks a simulated recording, with its class, in a visible notice and the input row; an age other than the file's is noted with the one used", async () => {
    const report = await analyzeWindows(options({ ageWeeks: 12, recording: { provenance: { synthetic: true, movementClass: "cramped-synchronised", ageWeeks: 3.4 } } }));
    expect(report.input.synthetic).toEqual({ movementClass: "cramped-synchronised" });
    expect(report.input.statedAgeWeeks).toBe(3.4);
    expect(report.assessment.details).toEqual(
      expect.arrayContaining([
        'The keypoint file says it is synthetic: simulated infant movement of the class "cramped-synchronised", not a recording of a real infant.',
        "The keypoint file states an age of 3.4 weeks; this analysis used 12 weeks, the age it was given.",
      ]),
    );
    const html = renderReportHtml(report);
    expect(between(html, 'data-notice="simulated-recording">', "</p>")).toContain("<strong>SIMULATED recording.</strong> The keypoint file says it is synthetic");
    expect(between(html, 'data-notice="stated-age">', "</p>")).toContain("this analysis used 12 weeks");
    expect(html).toContain("; SIMULATED movement (cramped-synchronised); analysed at");
  });

  it("says nothing of the age when the file states the one analysed, and nothing of simulation for a file that does not claim it", async () => {
    const base = await analyzeWindows(options({ ageWeeks: 12 }));
    expect(reportNotices(synthetic(base, 12)).map((n) => n.kind)).toEqual(["simulated-recording"]);
    expect(reportNotices({ ...base, input: { ...base.input, statedAgeWeeks: 12.02 } })).toEqual([]);
    const real = await analyzeWindows(options({ recording: { provenance: { synthetic: false, movementClass: null, ageWeeks: null } } }));
    expect(real.input).not.toHaveProperty("synthetic");
    expect(real.input).not.toHaveProperty("statedAgeWeeks");
    expect(renderReportHtml(real)).not.toContain("SIMULATED");
    const unnamedClass = renderReportHtml({ ...base, input: { ...base.input, synthetic: { movementClass: null } } });
    expect(unnamedClass).toContain("simulated infant movement, not a recording of a real infant.");
  });
});
