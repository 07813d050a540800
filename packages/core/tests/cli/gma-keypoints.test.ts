import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { ReportSchema, SYNTHETIC_MODEL_WARNING } from "../../src/report";
import { encodeKeypoints } from "../../src/skeleton";
import { MOVEMENT_CLASSES, MOVEMENT_CLASS_NAMES, simulateInfant } from "../../src/synthetic";
import { runGmaInProcess, tempDir } from "./support/cli-fixtures";

const gma = runGmaInProcess;

describe("gma analyze --keypoints", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  // One simulated recording per class (seeded, so the same files every run), analysed at the
  // infant's own simulated age: normal classes must come out low, anomaly classes medium or high.
  // The window score is the model card's hybrid of reconstruction error and movement features;
  // the autoencoder's error alone missed writhing, cramped-synchronised and poor-repertoire here.
  const cases = MOVEMENT_CLASS_NAMES.map((name) => [name, MOVEMENT_CLASSES[name].label] as const);
  it.each(cases)(
    "rates a synthetic %s recording (%s) accordingly",
    async (movementClass, label) => {
      tmp = tempDir("gma-cli-kp-");
      const sim = simulateInfant({ seed: 4242, movementClass, durationS: 20 });
      const file = tmp.file(`${movementClass}.gmak`);
      writeFileSync(file, encodeKeypoints(sim.sequence));
      const run = await gma(["analyze", "--keypoints", file, "--age-weeks", sim.ageWeeks.toFixed(1), "--out", tmp.file("report.json")]);
      expect(run.stderr).toContain("report written to");
      expect(run.stderr).toContain(`WARNING: ${SYNTHETIC_MODEL_WARNING}`);
      expect(run.code).toBe(EXIT_CODES.ok);
      const report = ReportSchema.parse(JSON.parse(readFileSync(tmp.file("report.json"), "utf8")));
      expect(report.timeline.scoreKind).toBe("hybrid-max-z");
      const why = `${movementClass}: ${report.risk.anomalyRatePercent.toFixed(1)} % anomalous, signs ${JSON.stringify(report.risk.signs.map((s) => s.id))}`;
      if (label === "normal") expect(report.risk.level, why).toBe("low");
      else expect(["medium", "high"], why).toContain(report.risk.level);
    },
    60_000,
  );

  it("renders the report as self-contained HTML, and prints the JSON report on stdout without --out", async () => {
    tmp = tempDir("gma-cli-html-");
    const sim = simulateInfant({ seed: 7, movementClass: "fidgety", durationS: 12 });
    const file = tmp.file("k.gmak");
    writeFileSync(file, encodeKeypoints(sim.sequence));
    const html = await gma(["analyze", "--keypoints", file, "--age-weeks", "14", "--out", tmp.file("r.html"), "--quiet"]);
    expect(html.code).toBe(EXIT_CODES.ok);
    const page = readFileSync(tmp.file("r.html"), "utf8");
    expect(page).toMatch(/^<!doctype html>/i);
    // The shipped model has seen only simulated infants, and the page says so.
    expect(page).toContain("data-synthetic-model");
    expect(page).toContain("<svg");
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']?http/i);

    const stdout = await gma(["analyze", "--keypoints", file, "--age-weeks", "14", "--quiet"]);
    expect(stdout.code).toBe(EXIT_CODES.ok);
    expect(ReportSchema.safeParse(JSON.parse(stdout.stdout)).success).toBe(true);
  }, 60_000);

  it("tells bad input apart: usage errors and invalid keypoints exit 2, a recording too short for the quality gate exits 3", async () => {
    tmp = tempDir("gma-cli-badkp-");
    writeFileSync(tmp.file("x.gmak"), "");
    const noAge = await gma(["analyze", "--keypoints", tmp.file("x.gmak")]);
    expect(noAge.code).toBe(EXIT_CODES.badInput);
    expect(noAge.stderr).toBe("gma: --age-weeks is required [CLI_USAGE]\nRun `gma analyze --help` for the options.\n");

    const badAge = await gma(["analyze", "--keypoints", tmp.file("x.gmak"), "--age-weeks", "soon"]);
    expect(badAge.code).toBe(EXIT_CODES.badInput);
    expect(badAge.stderr).toMatch(/--age-weeks must be a number of weeks/);

    const missing = await gma(["analyze", "--keypoints", tmp.file("nope.gmak"), "--age-weeks", "3"]);
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toContain(`No such keypoint file: ${tmp.file("nope.gmak")} [KEYPOINTS_INVALID]`);
    expect((await gma(["analyze", "--keypoints", "x.gmak", "--age-weeks", "3", "--frobnicate"])).code).toBe(EXIT_CODES.badInput);

    writeFileSync(tmp.file("broken.json"), '{"format":"joints-25","fps":25,"frames":[[1,2]]}');
    const invalid = await gma(["analyze", "--keypoints", tmp.file("broken.json"), "--age-weeks", "12"]);
    expect(invalid.code).toBe(EXIT_CODES.badInput);
    expect(invalid.stderr).toContain("[KEYPOINTS_INVALID]");
    expect(invalid.stderr).toContain("frames[0]");

    const short = simulateInfant({ seed: 9, movementClass: "fidgety", durationS: 4 });
    writeFileSync(tmp.file("short.gmak"), encodeKeypoints(short.sequence));
    const tooShort = await gma(["analyze", "--keypoints", tmp.file("short.gmak"), "--age-weeks", "12"]);
    expect(tooShort.code).toBe(EXIT_CODES.unusableRecording);
    expect(tooShort.stderr).toContain("[QUALITY_TOO_LOW]");
  }, 60_000);

  it("analyses a CSV keypoint file that states no frame rate at the rate --fps gives, and refuses it without one with what to add", async () => {
    tmp = tempDir("gma-cli-fps-");
    const sim = simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 });
    const { fps, frameCount, data } = sim.sequence;
    const header = Array.from({ length: 25 }, (_, j) => `x${j},y${j},z${j}`).join(",");
    const rows = Array.from({ length: frameCount }, (_, f) => Array.from(data.subarray(f * 75, (f + 1) * 75), String).join(","));
    writeFileSync(tmp.file("k.csv"), [header, ...rows].join("\n"));

    const without = await gma(["analyze", "--keypoints", tmp.file("k.csv"), "--age-weeks", "14", "--quiet"]);
    expect(without.code).toBe(EXIT_CODES.badInput);
    expect(without.stderr).toContain("[KEYPOINTS_INVALID]");
    expect(without.stderr).toContain('"# fps: ');

    const given = await gma(["analyze", "--keypoints", tmp.file("k.csv"), "--age-weeks", "14", "--fps", String(fps), "--quiet"]);
    expect(given.code).toBe(EXIT_CODES.ok);
    const report = ReportSchema.parse(JSON.parse(given.stdout));
    expect(report.quality.fps).toBe(fps);
    expect(report.quality.durationS).toBeCloseTo(frameCount / fps, 1);

    // Half the rate: the same frames span twice the time.
    const half = await gma(["analyze", "--keypoints", tmp.file("k.csv"), "--age-weeks", "14", "--fps", String(fps / 2), "--quiet"]);
    expect(half.code).toBe(EXIT_CODES.ok);
    expect(ReportSchema.parse(JSON.parse(half.stdout)).quality.durationS).toBeCloseTo((2 * frameCount) / fps, 1);

    for (const bad of ["0", "-5", "fast"]) {
      const run = await gma(["analyze", "--keypoints", tmp.file("k.csv"), "--age-weeks", "14", `--fps=${bad}`]);
      expect(run.code, bad).toBe(EXIT_CODES.badInput);
      expect(run.stderr, bad).toContain("--fps must be");
    }
    writeFileSync(tmp.file("v.mp4"), "not read");
    const video = await gma(["analyze", tmp.file("v.mp4"), "--age-weeks", "14", "--fps", "25"]);
    expect(video.code).toBe(EXIT_CODES.badInput);
    expect(video.stderr).toContain("--fps is for keypoint files");
  }, 60_000);
});
