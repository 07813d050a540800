import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_QUALITY_GATE } from "../../src/analysis";
import { EXIT_CODES } from "../../src/cli";
import { writeOutputFile } from "../../src/cli/output-file";
import { DEFAULT_MIN_POSE_FRAMES } from "../../src/pipeline";
import { decodeKeypoints, encodeKeypoints, importKeypoints } from "../../src/skeleton";
import { simulateInfant } from "../../src/synthetic";
import { blankClip, ensurePoseModels, messiClip, runGmaInProcess, runGmaProcess, tempDir, unprivilegedUser, type GmaRun } from "./support/cli-fixtures";

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
    expect(missing.stderr).not.toMatch(/internal error|\n\s+at /i);

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

  it("refuses an --out in a folder it may not write to, with exit 2", async (ctx) => {
    tmp = tempDir("gma-cli-ro-");
    const kp = keypointFile(tmp.file("k.gmak"));
    mkdirSync(tmp.file("ro"));
    chmodSync(tmp.file("ro"), 0o555);
    const args = ["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", tmp.file("ro/r.json"), "--quiet"];
    try {
      let run: GmaRun;
      if (process.getuid?.() === 0) {
        // Root writes into a read-only folder all the same: the CLI runs as an unprivileged user.
        const unprivileged = await unprivilegedUser();
        if ("reason" in unprivileged) return ctx.skip(unprivileged.reason);
        chmodSync(tmp.dir, 0o755); // mkdtemp's 0700 would hide the keypoint file from that user
        run = await runGmaProcess(args, {}, unprivileged.user);
      } else {
        run = await gma(args);
      }
      expect(run.code).toBe(EXIT_CODES.badInput);
      expect(run.stderr).toMatch(/ro is not writable \(EACCES\) \[OUTPUT_UNWRITABLE\]/);
      expect(readdirSync(tmp.file("ro"))).toEqual([]);
    } finally {
      chmodSync(tmp.file("ro"), 0o755);
    }
  }, 60_000);

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

  it("refuses a negative age as INVALID_AGE (exit 2) saying ages are zero or more weeks, however the minus is written", async () => {
    tmp = tempDir("gma-cli-negage-");
    const kp = keypointFile(tmp.file("k.gmak"));
    const cases: [string[], string][] = [
      [["--age-weeks", "-3"], '--age-weeks must be zero or more weeks (got "-3")'],
      [["--age-weeks=-3"], '--age-weeks must be zero or more weeks (got "-3")'],
      [["--age-weeks", "-0.5"], '--age-weeks must be zero or more weeks (got "-0.5")'],
      [["--age-weeks", "12", "--gestational-age", "-3"], '--gestational-age must be at least 20 weeks (got "-3")'],
      [["--gestational-age=-3", "--age-weeks", "12"], '--gestational-age must be at least 20 weeks (got "-3")'],
    ];
    for (const [args, message] of cases) {
      const run = await gma(["analyze", "--keypoints", kp, ...args, "--out", tmp.file("r.json"), "--quiet"]);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toContain(`${message} [INVALID_AGE]`);
      expect(run.stderr, args.join(" ")).toContain("Give the age at recording in weeks after birth");
      expect(run.stderr, args.join(" ")).not.toMatch(/ambiguous|--age-weeks=-XYZ/);
    }
    // The same for any option with a value: --fps -5 is a bad rate, not a parse error.
    const fps = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--fps", "-5"]);
    expect(fps.code).toBe(EXIT_CODES.badInput);
    expect(fps.stderr).toContain('--fps must be above 0 (got "-5")');
    // A value after -- is not joined to anything, and a negative number is no file name to read.
    const dashes = await gma(["analyze", "--age-weeks", "12", "--", "-3"]);
    expect(dashes.code).toBe(EXIT_CODES.badInput);
    expect(dashes.stderr).toContain("No such video file: -3 [NOT_A_VIDEO]");
    expect(readdirSync(tmp.dir)).toEqual(["k.gmak"]);
  }, 60_000);

  it("refuses keypoint coordinates beyond a million, or Infinity, in JSON, CSV and .gmak as KEYPOINTS_INVALID (exit 2) naming the frame and joint", async () => {
    tmp = tempDir("gma-cli-hugekp-");
    const sim = simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 }).sequence;
    const joint = (f: number, j: number): number[] | null => {
      const o = f * 75 + j * 3;
      return Number.isNaN(sim.data[o]!) ? null : [sim.data[o]!, sim.data[o + 1]!, sim.data[o + 2]!];
    };
    const frames = Array.from({ length: sim.frameCount }, (_, f) => Array.from({ length: 25 }, (_, j) => joint(f, j)));
    frames[40]![5] = [1e300, 0.5, 0];
    writeFileSync(tmp.file("huge.json"), JSON.stringify({ format: "joints-25", fps: 25, frames }));

    const header = Array.from({ length: 25 }, (_, j) => `x${j},y${j},z${j}`).join(",");
    const rows = Array.from({ length: sim.frameCount }, (_, f) => Array.from(sim.data.subarray(f * 75, (f + 1) * 75), (v) => (Number.isNaN(v) ? "" : String(v))));
    const csv = (cell: string): string => {
      const copy = rows.map((r) => r.slice());
      copy[40]![5 * 3 + 1] = cell;
      return ["# fps: 25", header, ...copy.map((r) => r.join(","))].join("\n");
    };
    writeFileSync(tmp.file("huge.csv"), csv("1e300"));
    writeFileSync(tmp.file("inf.csv"), csv("Infinity"));
    writeFileSync(tmp.file("big.csv"), csv("2e6"));

    // .gmak cannot be written with such a value any more; a file from elsewhere can hold one: a
    // recording of zeros with one joint at 1, whose step the header then makes 1e30 / 65534.
    const data = new Float32Array(sim.frameCount * 75);
    data[40 * 75 + 5 * 3] = 1;
    const gmak = encodeKeypoints({ fps: 25, frameCount: sim.frameCount, data });
    new DataView(gmak.buffer, gmak.byteOffset).setFloat64(32, 1e30 / 65534, true);
    writeFileSync(tmp.file("huge.gmak"), gmak);

    const expectations: [string, RegExp][] = [
      ["huge.json", /frames\[40\]\[5\] x must be a finite number between -1000000 and 1000000 \(normalised image coordinates, pixels or metres\), got 1e\+300 \[KEYPOINTS_INVALID\]/],
      ["huge.csv", /gma: Line 43 \(frame 40\), column y5: expected a finite number between -1000000 and 1000000 .*got "1e300" \[KEYPOINTS_INVALID\]/],
      ["inf.csv", /gma: Line 43 \(frame 40\), column y5: expected a finite number between -1000000 and 1000000 .*got "Infinity" \[KEYPOINTS_INVALID\]/],
      ["big.csv", /gma: Line 43 \(frame 40\), column y5: expected a finite number between .*got "2e6" \[KEYPOINTS_INVALID\]/],
      ["huge.gmak", /holds 1e\+30 at frame 40, joint 5 \(\w+\) x; a coordinate must be a finite number between -1000000 and 1000000 .*\[KEYPOINTS_INVALID\]/],
    ];
    for (const [file, message] of expectations) {
      const run = await gma(["analyze", "--keypoints", tmp.file(file), "--age-weeks", "12", "--out", tmp.file("r.json"), "--quiet"]);
      expect(run.code, file).toBe(EXIT_CODES.badInput);
      expect(run.stderr, file).toMatch(message);
      expect(run.stderr, file).not.toContain("QUALITY_TOO_LOW");
    }
    expect(readdirSync(tmp.dir).sort()).toEqual(["big.csv", "huge.csv", "huge.gmak", "huge.json", "inf.csv"]);
  }, 60_000);

  it("says a .gmak cut off mid-way is truncated, with the bytes expected and found and to export it again (exit 2)", async () => {
    tmp = tempDir("gma-cli-trunc-");
    const seq = simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 }).sequence;
    const bytes = encodeKeypoints(seq);
    const expected = 2 * 75 * seq.frameCount + (seq.timestampsMs ? 8 * seq.frameCount : 0);
    const cut = Math.floor(bytes.length / 2);
    writeFileSync(tmp.file("cut.gmak"), bytes.subarray(0, cut));
    writeFileSync(tmp.file("header.gmak"), bytes.subarray(0, 25));

    const run = await gma(["analyze", "--keypoints", tmp.file("cut.gmak"), "--age-weeks", "12", "--out", tmp.file("r.json"), "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toMatch(new RegExp(`The keypoint file is truncated: expected ${expected} bytes of keypoint data for its ${seq.frameCount} frames, got \\d+ \\(the file ends after ${cut} bytes\\) \\[KEYPOINTS_INVALID\\]`));
    expect(run.stderr).toContain("export the keypoints again with `gma pose <video> --out <file.gmak>`");
    expect(run.stderr).not.toMatch(/damaged|internal error/i);

    const header = await gma(["analyze", "--keypoints", tmp.file("header.gmak"), "--age-weeks", "12", "--quiet"]);
    expect(header.code).toBe(EXIT_CODES.badInput);
    expect(header.stderr).toContain("The keypoint file is truncated: expected a header of 40 bytes, got 25 [KEYPOINTS_INVALID]");
    expect(readdirSync(tmp.dir).sort()).toEqual(["cut.gmak", "header.gmak"]);
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
    expect(pose.stderr).not.toMatch(/internal error|EISDIR/i);
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
    // Refused from the probe's figures, before pose: the quality gate's own words.
    expect(run.stderr).toContain(`the recording is 1.0 s long (at least ${DEFAULT_QUALITY_GATE.minDurationS} s needed)`);
    expect(run.stderr).toContain("[QUALITY_TOO_LOW]");
    expect(run.stderr).toContain("record for longer");
    expect(run.stderr).not.toContain("Keep the whole infant in frame");
    expect(readdirSync(tmp.dir)).toEqual(["short.mp4"]);
  }, 60_000);

  it("writes the keypoints of a clip shorter than one analysis window with a warning, which analyze then refuses (exit 3)", async () => {
    tmp = tempDir("gma-cli-pose-short-");
    const clip = messiClip(tmp.file("short.mp4"), 0.8, "320x200");
    for (const out of ["k.gmak", "k.json"]) {
      const run = await runGmaProcess(["pose", clip, "--out", tmp.file(out), "--models-dir", modelsDir, "--variant", "lite", "--quiet", "--json"]);
      expect(run.code, out).toBe(EXIT_CODES.ok);
      const summary = JSON.parse(run.stdout) as { frames: number; validPoseFrames: number };
      expect(summary.frames, out).toBe(20);
      expect(summary.validPoseFrames, out).toBeGreaterThan(0);
      expect(run.stderr, out).toContain(`warning: only ${summary.validPoseFrames} frames (of 20, 0.8 s at 25 fps) show a clear pose; an analysis needs at least 30`);
    }
    expect(decodeKeypoints(readFileSync(tmp.file("k.gmak"))).frameCount).toBe(20);
    expect(importKeypoints(readFileSync(tmp.file("k.json"), "utf8")).joints.frameCount).toBe(20);

    // The analysis minimum still holds where it belongs.
    const fromKeypoints = await runGmaProcess(["analyze", "--keypoints", tmp.file("k.gmak"), "--age-weeks", "12", "--quiet"]);
    expect(fromKeypoints.code).toBe(EXIT_CODES.unusableRecording);
    expect(fromKeypoints.stderr).toContain("[QUALITY_TOO_LOW]");
    const fromVideo = await runGmaProcess(["analyze", clip, "--age-weeks", "12", "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(fromVideo.code).toBe(EXIT_CODES.unusableRecording);
    expect(fromVideo.stderr).toContain("[QUALITY_TOO_LOW]");
    expect(readdirSync(tmp.dir).sort()).toEqual(["k.gmak", "k.json", "short.mp4"]);
  }, 120_000);

  it("writes the keypoints of a clip with enough pose frames but shorter than the analysis's minimum duration with a warning, which analyze then refuses for its length (exit 3)", async () => {
    tmp = tempDir("gma-cli-pose-brief-");
    const minimum = DEFAULT_QUALITY_GATE.minDurationS;
    const brief = messiClip(tmp.file("brief.mp4"), 3, "320x200");
    const run = await runGmaProcess(["pose", brief, "--out", tmp.file("brief.gmak"), "--models-dir", modelsDir, "--variant", "lite", "--quiet", "--json"]);
    expect(run.code).toBe(EXIT_CODES.ok);
    const summary = JSON.parse(run.stdout) as { frames: number; validPoseFrames: number };
    expect(summary.frames).toBe(75);
    expect(summary.validPoseFrames).toBeGreaterThanOrEqual(DEFAULT_MIN_POSE_FRAMES);
    expect(run.stderr).toContain(
      `warning: the video is only 3.0 s long (75 frames at 25 fps); an analysis needs at least ${minimum} s, so \`gma analyze\` will refuse these keypoints (exit 3). Record for longer`,
    );
    expect(run.stderr).not.toContain("show a clear pose");
    expect(decodeKeypoints(readFileSync(tmp.file("brief.gmak"))).frameCount).toBe(75);
    const refused = await runGmaProcess(["analyze", "--keypoints", tmp.file("brief.gmak"), "--age-weeks", "12", "--quiet"]);
    expect(refused.code).toBe(EXIT_CODES.unusableRecording);
    expect(refused.stderr).toContain(`the recording is 3.0 s long (at least ${minimum} s needed)`);

    // A clip of exactly the minimum gets no warning, and the analysis takes it.
    const enough = messiClip(tmp.file("enough.mp4"), minimum, "320x200");
    const quiet = await runGmaProcess(["pose", enough, "--out", tmp.file("enough.gmak"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(quiet.code).toBe(EXIT_CODES.ok);
    expect(quiet.stderr).not.toContain("warning");
    const analysed = await runGmaProcess(["analyze", "--keypoints", tmp.file("enough.gmak"), "--age-weeks", "12", "--out", tmp.file("r.json"), "--quiet"]);
    expect(analysed.code).toBe(EXIT_CODES.ok);
    expect(readdirSync(tmp.dir).sort()).toEqual(["brief.gmak", "brief.mp4", "enough.gmak", "enough.mp4", "r.json"]);
  }, 120_000);

  it("still refuses to write keypoints of a clip in which nobody is seen (exit 3, nothing written)", async () => {
    tmp = tempDir("gma-cli-pose-blank-");
    const clip = blankClip(tmp.file("blank.mp4"), 1);
    const run = await runGmaProcess(["pose", clip, "--out", tmp.file("k.gmak"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toContain("[NO_PERSON_FOUND]");
    expect(run.stdout).toBe("");
    expect(readdirSync(tmp.dir)).toEqual(["blank.mp4"]);
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
