import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ResultCache } from "../../src/cache";
import { analyzeKeypointsFile } from "../../src/pipeline";
import { ReportSchema, renderReportHtml } from "../../src/report";
import { simulateInfant, simulatedKeypointsDocument } from "../../src/synthetic";
import { tempDir } from "../cli/support/cli-fixtures";
import { FakeScorer } from "./support/fake-scorer";

describe("analyzeKeypointsFile on a file that says what it is", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("reports a make-keypoints file as simulated, with its class and stated age, and names the file by the name it was given", async () => {
    tmp = tempDir("gma-provenance-");
    const sim = simulateInfant({ seed: 3, movementClass: "cramped-synchronised", durationS: 12 });
    const file = tmp.file("stored-copy.json");
    writeFileSync(file, JSON.stringify(simulatedKeypointsDocument(sim, "joints-25")));
    const stated = Math.round(sim.ageWeeks * 10) / 10;
    const report = await analyzeKeypointsFile(file, { model: new FakeScorer(0.01, () => 0.004), ageWeeks: 30, fileName: "/home/ann/cramped.json", windowStride: 5 });
    expect(ReportSchema.parse(JSON.parse(JSON.stringify(report))).input).toMatchObject({ fileName: "cramped.json", synthetic: { movementClass: "cramped-synchronised" }, statedAgeWeeks: stated });
    const html = renderReportHtml(report);
    expect(html).toContain('data-notice="simulated-recording"');
    expect(html).toContain(`The keypoint file states an age of ${stated} weeks; this analysis used 30 weeks, the age it was given.`);
    expect(html).toContain("<title>GMA Insight screening report: cramped.json</title>");
    expect(html).not.toContain("stored-copy");

    // Without a name the report names none: the path analysed may be a stored copy's.
    const unnamed = await analyzeKeypointsFile(file, { model: new FakeScorer(0.01, () => 0.004), ageWeeks: stated, windowStride: 5 });
    expect(unnamed.input).not.toHaveProperty("fileName");
    expect(renderReportHtml(unnamed)).not.toContain('data-notice="stated-age"');
  }, 60_000);

  it("serves the same file under another name from the result cache without analysing it again, named as the caller names it", async () => {
    tmp = tempDir("gma-provenance-cache-");
    const file = tmp.file("k.json");
    writeFileSync(file, JSON.stringify(simulatedKeypointsDocument(simulateInfant({ seed: 4, movementClass: "fidgety", durationS: 12 }), "joints-25")));
    const model = new FakeScorer(0.01, () => 0.004);
    const options = { model, ageWeeks: 12, windowStride: 5, resultCache: new ResultCache({ register: false }) };
    const first = await analyzeKeypointsFile(file, { ...options, fileName: "a.json" });
    const second = await analyzeKeypointsFile(file, { ...options, fileName: "/clips/b.json" });
    const unnamed = await analyzeKeypointsFile(file, options);
    expect(model.calls).toBe(1);
    expect([first.input.fileName, second.input.fileName]).toEqual(["a.json", "b.json"]);
    expect(unnamed.input).not.toHaveProperty("fileName");
    expect(second.generatedAt).toBe(first.generatedAt);
  }, 60_000);
});
