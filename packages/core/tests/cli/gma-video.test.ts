import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ReportSchema } from "../../src/report";
import { decodeKeypoints, importKeypoints } from "../../src/skeleton";
import { EXIT_CODES } from "../../src/cli";
import { blankClip, ensurePoseModels, messiClip, runGmaProcess, tempDir } from "./support/cli-fixtures";

// End to end through a real process: ffmpeg, onnxruntime, the models set-up prepares.
describe("gma on video", () => {
  let modelsDir: string;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
  }, 300_000);
  afterEach(() => tmp?.remove());

  it("writes the keypoints of a clip of a real person as JSON and as .gmak, with the person in at least 95 % of frames", async () => {
    tmp = tempDir("gma-cli-pose-");
    const clip = messiClip(tmp.file("messi.mp4"), 2);
    const json = await runGmaProcess(["pose", clip, "--out", tmp.file("k.json"), "--models-dir", modelsDir, "--variant", "lite", "--json"]);
    expect(json.stderr).toMatch(/^decode\+pose\s+\[#+\]\s+100 %/m);
    expect(json.code).toBe(EXIT_CODES.ok);
    const summary = JSON.parse(json.stdout.trim().split("\n").at(-1)!) as { frames: number; detectedFrames: number; validPoseFrames: number };
    expect(summary.frames).toBe(50);
    expect(summary.detectedFrames / summary.frames).toBeGreaterThanOrEqual(0.95);
    // The JSON reads back through the keypoint importer, one frame per decoded frame.
    const imported = importKeypoints(readFileSync(tmp.file("k.json"), "utf8"));
    expect(imported.format).toBe("mediapipe-33");
    expect(imported.joints.frameCount).toBe(50);
    expect(imported.joints.timestampsMs![1]).toBeCloseTo(40, 6);

    const gmak = await runGmaProcess(["pose", clip, "--out", tmp.file("k.gmak"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(gmak.code).toBe(EXIT_CODES.ok);
    expect(gmak.stderr).not.toMatch(/\[#+/);
    const seq = decodeKeypoints(readFileSync(tmp.file("k.gmak")));
    expect(seq.frameCount).toBe(50);
    // Same clip, same models: the joints agree with the JSON's within the codec's error bound.
    let maxDiff = 0;
    for (let i = 0; i < seq.data.length; i++) {
      const a = seq.data[i]!;
      const b = imported.joints.data[i]!;
      if (Number.isNaN(a) || Number.isNaN(b)) expect(Number.isNaN(a)).toBe(Number.isNaN(b));
      else maxDiff = Math.max(maxDiff, Math.abs(a - b));
    }
    expect(maxDiff).toBeLessThan(1e-3);
  }, 120_000);

  it("analyses a clip into a schema-valid report with a progress bar per stage and pose timings", async () => {
    tmp = tempDir("gma-cli-analyze-");
    const clip = messiClip(tmp.file("messi.mp4"), 4);
    const run = await runGmaProcess(["analyze", clip, "--age-weeks", "12", "--out", tmp.file("report.json"), "--models-dir", modelsDir, "--variant", "lite", "--min-duration", "3"]);
    expect(run.stderr).toContain("report written to");
    expect(run.code).toBe(EXIT_CODES.ok);
    // Decoding and pose estimation run together, frame by frame: one bar.
    for (const stage of ["decode\\+pose", "skeleton", "windows", "quality", "reconstruct", "analyse", "report"]) {
      expect(run.stderr).toMatch(new RegExp(`^${stage}\\s+\\[#+\\]\\s+100 %`, "m"));
    }
    expect(run.stderr).not.toMatch(/^decode\s/m);
    const report = ReportSchema.parse(JSON.parse(readFileSync(tmp.file("report.json"), "utf8")));
    expect(report.quality.passed).toBe(true);
    expect(report.quality.validPoseShare).toBeGreaterThanOrEqual(0.95);
    expect(report.input.windowCount).toBe(100 - 29);
    expect(report.input.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(report.timings.pose).toBeGreaterThan(0);
    expect(report.timings.decode).toBeGreaterThan(0);
    expect(["low", "medium", "high"]).toContain(report.risk.level);
    expect(run.stderr).toMatch(new RegExp(`risk: ${report.risk.level}`));
  }, 120_000);

  it("exits with the unusable-recording code and NO_PERSON_FOUND on a blank clip", async () => {
    tmp = tempDir("gma-cli-blank-");
    const clip = blankClip(tmp.file("blank.mp4"), 2);
    // A minimum the 2 s clip meets, or it is refused for its length before pose.
    const run = await runGmaProcess(["analyze", clip, "--age-weeks", "12", "--models-dir", modelsDir, "--variant", "lite", "--min-duration", "1"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toContain("[NO_PERSON_FOUND]");
    expect(run.stderr).toMatch(/Film the infant/);
    expect(run.stdout).toBe("");
  }, 60_000);

  it("exits with the bad-input code for a file that is not a video, and the set-up code when the models are missing", async () => {
    tmp = tempDir("gma-cli-bad-");
    writeFileSync(tmp.file("notes.mp4"), "these are not the frames you are looking for\n".repeat(50));
    const bad = await runGmaProcess(["pose", tmp.file("notes.mp4"), "--out", tmp.file("k.json"), "--models-dir", modelsDir]);
    expect(bad.code).toBe(EXIT_CODES.badInput);
    expect(bad.stderr).toContain("[NOT_A_VIDEO]");

    const clip = blankClip(tmp.file("blank.mp4"), 1);
    const noModels = await runGmaProcess(["pose", clip, "--out", tmp.file("k.json"), "--models-dir", tmp.file("no-models")]);
    expect(noModels.code).toBe(EXIT_CODES.setup);
    expect(noModels.stderr).toContain("[MODELS_MISSING]");
    expect(noModels.stderr).toContain("npm run setup");
  }, 60_000);

  it("verifies the converted models and the anomaly model", async () => {
    const run = await runGmaProcess(["models", "verify", "--models-dir", modelsDir]);
    expect(run.code).toBe(EXIT_CODES.ok);
    expect(run.stderr).toMatch(/^ok {2}blazepose-detector\./m);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ ok: true, modelsDir });
  }, 60_000);
});
