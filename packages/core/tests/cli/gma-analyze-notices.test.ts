import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { ReportSchema } from "../../src/report";
import { simulateInfant, simulatedKeypointsDocument } from "../../src/synthetic";
import { runGmaInProcess, tempDir } from "./support/cli-fixtures";

const gma = runGmaInProcess;

// With the shipped model: what `gma analyze` tells its user about the recording beside the risk.
describe("gma analyze tells what the report must say first", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  /** A make-keypoints file (synthetic, its class and age) of 12 s. */
  function simulatedFile(name: string): { file: string; statedAgeWeeks: number } {
    tmp = tempDir("gma-cli-notices-");
    const sim = simulateInfant({ seed: 3, movementClass: "cramped-synchronised", durationS: 12 });
    const file = tmp.file(name);
    writeFileSync(file, JSON.stringify(simulatedKeypointsDocument(sim, "joints-25")));
    return { file, statedAgeWeeks: Math.round(sim.ageWeeks * 10) / 10 };
  }

  it("says a synthetic keypoint file is SIMULATED, with its class, which age it used when the file states another, and that 30 weeks is outside the GMA's window", async () => {
    const { file, statedAgeWeeks } = simulatedFile("cramped.json");
    const run = await gma(["analyze", "--keypoints", file, "--age-weeks", "30", "--out", tmp!.file("r.html"), "--quiet"]);
    expect(run.code, run.stderr).toBe(EXIT_CODES.ok);
    expect(run.stderr).toContain('WARNING: SIMULATED recording. The keypoint file says it is synthetic: simulated infant movement of the class "cramped-synchronised", not a recording of a real infant.');
    expect(run.stderr).toContain(`WARNING: Age differs from the file's. The keypoint file states an age of ${statedAgeWeeks} weeks; this analysis used 30 weeks, the age it was given.`);
    expect(run.stderr).toMatch(/WARNING: Outside the GMA age window\. At 30 weeks of age this recording is outside the age window the General Movements Assessment is validated for .*HINE/);
    expect(run.stderr).not.toMatch(/pediatric|neurologist/);

    const page = readFileSync(tmp!.file("r.html"), "utf8");
    expect(page).toContain("<title>GMA Insight screening report: cramped.json</title>");
    expect(page).toContain('data-notice="simulated-recording"');
    expect(page).toContain('data-notice="age-window"');
    // The base name only, never the folder it was read from.
    expect(page).not.toContain(tmp!.dir);

    const json = await gma(["analyze", "--keypoints", file, "--age-weeks", String(statedAgeWeeks), "--quiet"]);
    expect(json.code, json.stderr).toBe(EXIT_CODES.ok);
    const report = ReportSchema.parse(JSON.parse(json.stdout));
    expect(report.input).toMatchObject({ fileName: "cramped.json", synthetic: { movementClass: "cramped-synchronised" }, statedAgeWeeks });
    // The age given is the file's: nothing to warn about.
    expect(json.stderr).not.toContain("Age differs");
  }, 60_000);

  it("words an age before term as preterm, never as a negative age, with the writhing references' caveat", async () => {
    const { file } = simulatedFile("preterm.json");
    const run = await gma(["analyze", "--keypoints", file, "--age-weeks", "2", "--gestational-age", "24", "--quiet"]);
    expect(run.code, run.stderr).toBe(EXIT_CODES.ok);
    expect(run.stderr).toContain("WARNING: Preterm recording. Recorded before term age (preterm: 14 weeks before term age). The writhing-movement references describe infants at term age");
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.age.correctedAgeWeeks).toBe(-14);
    expect([report.assessment.summary, ...report.assessment.details].join(" ")).not.toContain("-14");
    expect(run.stderr).not.toContain("-14 weeks");
  }, 60_000);
});
