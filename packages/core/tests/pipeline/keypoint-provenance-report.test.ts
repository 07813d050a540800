import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
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
});
