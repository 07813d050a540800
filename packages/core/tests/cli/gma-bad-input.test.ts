import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { writeOutputFile } from "../../src/cli/output-file";
import { encodeKeypoints } from "../../src/skeleton";
import { simulateInfant } from "../../src/synthetic";
import { ensurePoseModels, messiClip, runGmaInProcess, runGmaProcess, tempDir } from "./support/cli-fixtures";

const gma = runGmaInProcess;

/** A seeded synthetic recording as a .gmak file, 12 s at 25 fps (long enough for the quality gate). */
function keypointFile(file: string): string {
  writeFileSync(file, encodeKeypoints(simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 }).sequence));
  return file;
}

describe("gma on bad input", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("refuses an --out in a missing folder, a directory, the input file itself or an empty name before analysing, with exit 2 and nothing written", async () => {
    tmp = tempDir("gma-cli-out-");
    const kp = keypointFile(tmp.file("k.gmak"));
    const kpBytes = readFileSync(kp);
    mkdirSync(tmp.file("folder.json"));
    writeFileSync(tmp.file("k.json"), JSON.stringify({ format: "joints-25", fps: 25, frames: [] }));

    const missing = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", tmp.file("no/such/dir/r.json"), "--quiet"]);
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toContain("[OUTPUT_UNWRITABLE]");
    expect(missing.stderr).toMatch(/folder .*no[/\\]such[/\\]dir does not exist/);
    expect(missing.stderr).toContain("Create the folder first");
    expect(missing.stderr).not.toMatch(/internal error|\n\s+at /);

    const directory = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", tmp.file("folder.json"), "--quiet"]);
    expect(directory.code).toBe(EXIT_CODES.badInput);
    expect(directory.stderr).toMatch(/folder\.json is a directory/);

    // A report over its own keypoint file would destroy the keypoints.
    const same = await gma(["analyze", "--keypoints", tmp.file("k.json"), "--age-weeks", "12", "--out", tmp.file("k.json"), "--quiet"]);
    expect(same.code).toBe(EXIT_CODES.badInput);
    expect(same.stderr).toContain("is the input file");
    expect(JSON.parse(readFileSync(tmp.file("k.json"), "utf8"))).toMatchObject({ format: "joints-25" });

    // An empty --out is a mistake, not a request for the report on stdout.
    const empty = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", "", "--quiet"]);
    expect(empty.code).toBe(EXIT_CODES.badInput);
    expect(empty.stdout).toBe("");
    expect(empty.stderr).toMatch(/--out must end in \.json or \.html/);

    expect(readFileSync(kp)).toEqual(kpBytes);
    expect(readdirSync(tmp.dir).sort()).toEqual(["folder.json", "k.gmak", "k.json"]);
    expect(readdirSync(tmp.file("folder.json"))).toEqual([]);
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)("refuses an --out in a folder it may not write to, with exit 2", async () => {
    tmp = tempDir("gma-cli-ro-");
    const kp = keypointFile(tmp.file("k.gmak"));
    mkdirSync(tmp.file("ro"));
    chmodSync(tmp.file("ro"), 0o555);
    try {
      const run = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", tmp.file("ro/r.json"), "--quiet"]);
      expect(run.code).toBe(EXIT_CODES.badInput);
      expect(run.stderr).toMatch(/ro is not writable \(EACCES\) \[OUTPUT_UNWRITABLE\]/);
      expect(readdirSync(tmp.file("ro"))).toEqual([]);
    } finally {
      chmodSync(tmp.file("ro"), 0o755);
    }
  });

  it("writes an output file whole or not at all: a failed write leaves neither the file nor its temporary copy", async () => {
    tmp = tempDir("gma-cli-write-");
    // A directory in the way makes the final rename fail after the data was written.
    mkdirSync(tmp.file("r.json"));
    writeFileSync(tmp.file("r.json/keep"), "x");
    const error = await writeOutputFile(tmp.file("r.json"), "{}").then(
      () => undefined,
      (e: unknown) => e as { code?: string; isUserError?: boolean },
    );
    expect(error?.code).toBe("OUTPUT_UNWRITABLE");
    expect(error?.isUserError).toBe(true);
    expect(readdirSync(tmp.dir)).toEqual(["r.json"]);

    await writeOutputFile(tmp.file("ok.json"), "{}");
    expect(readFileSync(tmp.file("ok.json"), "utf8")).toBe("{}");
    expect(readdirSync(tmp.dir).sort()).toEqual(["ok.json", "r.json"]);
  });

  it("reads only plain decimal ages: hexadecimal is bad input, not 16 weeks", async () => {
    tmp = tempDir("gma-cli-age-");
    const kp = keypointFile(tmp.file("k.gmak"));
    const hex = await gma(["analyze", "--keypoints", kp, "--age-weeks", "0x10", "--quiet"]);
    expect(hex.code).toBe(EXIT_CODES.badInput);
    expect(hex.stderr).toContain('--age-weeks must be a number of weeks (got "0x10")');
    expect(hex.stdout).toBe("");
    const decimal = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12.5", "--gestational-age", "3.4e1", "--quiet"]);
    expect(decimal.code).toBe(EXIT_CODES.ok);
  }, 60_000);

  it("refuses keypoints recorded at 5 fps at the quality gate (exit 3), though they are resampled to 25 fps for the analysis", async () => {
    tmp = tempDir("gma-cli-kp5-");
    const sim = simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 }).sequence;
    // Every fifth frame of a 25 fps recording: the same 12 s at 5 fps.
    const frames = Math.floor(sim.frameCount / 5);
    const per = sim.data.length / sim.frameCount;
    const data = new Float32Array(frames * per);
    for (let f = 0; f < frames; f++) data.set(sim.data.subarray(f * 5 * per, (f * 5 + 1) * per), f * per);
    writeFileSync(tmp.file("k5.gmak"), encodeKeypoints({ fps: 5, frameCount: frames, data }));
    const run = await gma(["analyze", "--keypoints", tmp.file("k5.gmak"), "--age-weeks", "12", "--out", tmp.file("r.json"), "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toContain("[QUALITY_TOO_LOW]");
    expect(run.stderr).toContain("the frame rate is 5.0 fps (at least 10 fps needed)");
    expect(readdirSync(tmp.dir)).toEqual(["k5.gmak"]);
  }, 60_000);

  it("reads relative paths from the folder `npm run gma` was started in, not the repository root", async () => {
    tmp = tempDir("gma-cli-cwd-");
    keypointFile(tmp.file("k.gmak"));
    const run = await runGmaProcess(["analyze", "--keypoints", "k.gmak", "--age-weeks", "12", "--out", "r.json", "--quiet"], { npm_lifecycle_event: "gma", INIT_CWD: tmp.dir });
    expect(run.stderr).toContain("report written to r.json");
    expect(run.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(readFileSync(tmp.file("r.json"), "utf8"))).toHaveProperty("risk");
  }, 60_000);
});

// Real processes, ffmpeg and the pose models set-up prepares.
describe("gma on bad video input", () => {
  let modelsDir: string;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
  }, 300_000);
  afterEach(() => tmp?.remove());

  it("calls a directory given as the video bad input (exit 2) for pose and analyze, not an internal error", async () => {
    tmp = tempDir("gma-cli-dir-");
    const pose = await runGmaProcess(["pose", tmp.dir, "--out", tmp.file("k.gmak"), "--models-dir", modelsDir, "--quiet"]);
    expect(pose.code).toBe(EXIT_CODES.badInput);
    expect(pose.stderr).toContain("is a directory; give the path of a video file");
    expect(pose.stderr).not.toMatch(/internal error|EISDIR/);
    const analyze = await runGmaProcess(["analyze", tmp.dir, "--age-weeks", "12", "--models-dir", modelsDir, "--quiet"]);
    expect(analyze.code).toBe(EXIT_CODES.badInput);
    expect(analyze.stderr).toContain("is a directory; give the path of a video file");
    expect(readdirSync(tmp.dir)).toEqual([]);
  }, 60_000);

  it("refuses an --out in a missing folder before decoding a single frame", async () => {
    tmp = tempDir("gma-cli-pose-out-");
    const clip = messiClip(tmp.file("messi.mp4"), 2, "320x200");
    const run = await runGmaProcess(["pose", clip, "--out", tmp.file("missing/k.gmak"), "--models-dir", modelsDir, "--variant", "lite"]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain("[OUTPUT_UNWRITABLE]");
    expect(run.stderr).not.toMatch(/pose\s+\[/);
    expect(readdirSync(tmp.dir)).toEqual(["messi.mp4"]);
  }, 60_000);

  it("says a 1 s video is too short rather than that the pose was missed, with exit 3", async () => {
    tmp = tempDir("gma-cli-short-");
    const clip = messiClip(tmp.file("short.mp4"), 1, "320x200");
    const run = await runGmaProcess(["analyze", clip, "--age-weeks", "12", "--out", tmp.file("r.json"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toContain("The video holds only 25 frames (1.0 s at 25 fps)");
    expect(run.stderr).toContain("Record for longer");
    expect(run.stderr).not.toContain("Keep the whole infant in frame");
    expect(readdirSync(tmp.dir)).toEqual(["short.mp4"]);
  }, 60_000);

  it("refuses a video recorded at 5 fps at the quality gate (exit 3), though it is resampled to 25 fps for pose estimation", async () => {
    tmp = tempDir("gma-cli-5fps-");
    const clip = messiClip(tmp.file("slow.mp4"), 11, "320x200", 5);
    const run = await runGmaProcess(["analyze", clip, "--age-weeks", "12", "--out", tmp.file("r.json"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toContain("[QUALITY_TOO_LOW]");
    expect(run.stderr).toContain("the frame rate is 5.0 fps (at least 10 fps needed)");
    expect(readdirSync(tmp.dir)).toEqual(["slow.mp4"]);
  }, 120_000);
});
