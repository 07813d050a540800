import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { closestName } from "../../src/cli/closest-name";
import { asSentence } from "../../src/cli/describe-cli-error";
import { KEYPOINT_FORMATS_HINT } from "../../src/skeleton/errors/keypoints-invalid-error";
import { encodeKeypoints } from "../../src/skeleton";
import { parseMakeKeypointsArgs } from "../../src/synthetic/make-keypoints";
import { simulateInfant } from "../../src/synthetic";
import { NoPersonFoundError, NotAVideoError, VideoCorruptError, VideoEmptyError, VideoTooLargeError, VideoTooLongError } from "../../src/video";
import { blankClip, ensurePoseModels, messiClip, runGmaInProcess, runGmaProcess, tempDir } from "./support/cli-fixtures";

const gma = runGmaInProcess;
const REPO = path.resolve(import.meta.dirname, "../../../..");

/** A seeded synthetic recording, 12 s at 25 fps, as .gmak bytes. */
function recording(): ReturnType<typeof simulateInfant>["sequence"] {
  return simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12 }).sequence;
}

/** The same recording as a joints-25 JSON document with its own frame rate. */
function jointsJson(seq: ReturnType<typeof recording>, fps: number | undefined): string {
  const frames = Array.from({ length: seq.frameCount }, (_, f) =>
    Array.from({ length: 25 }, (_, j) => {
      const o = f * 75 + j * 3;
      return Number.isNaN(seq.data[o]!) ? null : [seq.data[o]!, seq.data[o + 1]!, seq.data[o + 2]!];
    }),
  );
  return JSON.stringify({ format: "joints-25", ...(fps === undefined ? {} : { fps }), frames });
}

/** The same recording as a joints-25 CSV, with "# fps:" when `fps` is given. */
function jointsCsv(seq: ReturnType<typeof recording>, fps: number | undefined): string {
  const header = Array.from({ length: 25 }, (_, j) => `x${j},y${j},z${j}`).join(",");
  const rows = Array.from({ length: seq.frameCount }, (_, f) => Array.from(seq.data.subarray(f * 75, (f + 1) * 75), (v) => (Number.isNaN(v) ? "" : String(v))).join(","));
  return [...(fps === undefined ? [] : [`# fps: ${fps}`]), header, ...rows].join("\n");
}

describe("gma's usage errors", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("print the error line, its hint and where the options are listed, not the whole usage, with no blank line first", async () => {
    tmp = tempDir("gma-msg-usage-");
    const kp = tmp.file("k.gmak");
    writeFileSync(kp, encodeKeypoints(recording()));
    const noAge = await gma(["analyze", "--keypoints", kp]);
    expect(noAge.code).toBe(EXIT_CODES.badInput);
    expect(noAge.stderr).toBe("gma: --age-weeks is required [CLI_USAGE]\nRun `gma analyze --help` for the options.\n");

    const pdf = await gma(["analyze", "--keypoints", kp, "--age-weeks", "12", "--out", tmp.file("r.pdf")]);
    expect(pdf.code).toBe(EXIT_CODES.badInput);
    expect(pdf.stderr).toBe('gma: --out must end in .json or .html, got "r.pdf" [CLI_USAGE]\nRun `gma analyze --help` for the options.\n');

    const pose = await gma(["pose"]);
    expect(pose.stderr).toBe("gma: gma pose needs a video file [CLI_USAGE]\nRun `gma pose --help` for the options.\n");
    for (const run of [noAge, pdf, pose]) expect(run.stderr).not.toContain("Options:");
    expect(readdirSync(tmp.dir)).toEqual(["k.gmak"]);
  });

  it("name an unknown option in gma's words, suggesting a close option, never parseArgs' advice on '--'", async () => {
    const analyze = ["analyze", "--keypoints", "k.gmak", "--age-weeks", "12"];
    const cases: [string[], string][] = [
      [[...analyze, "--colour", "blue"], "gma: Unknown option --colour [CLI_USAGE]"],
      [[...analyze, "--age-week", "3"], "gma: Unknown option --age-week; did you mean --age-weeks? [CLI_USAGE]"],
      [[...analyze, "--qiuet"], "gma: Unknown option --qiuet; did you mean --quiet? [CLI_USAGE]"],
      [[...analyze, "--gestational", "30"], "gma: Unknown option --gestational; did you mean --gestational-age? [CLI_USAGE]"],
      [[...analyze, "-x"], "gma: Unknown option -x [CLI_USAGE]"],
      [[...analyze, "--out"], "gma: --out needs a value [CLI_USAGE]"],
      [[...analyze, "--out", "--quiet"], 'gma: --out needs a value, but "--quiet" follows it; for a value that starts with "-", write --out=--quiet [CLI_USAGE]'],
      [[...analyze, "--quiet=yes"], 'gma: --quiet takes no value (got "--quiet=yes") [CLI_USAGE]'],
      [["pose", "v.mp4", "--out", "k.gmak", "--modles-dir", "m"], "gma: Unknown option --modles-dir; did you mean --models-dir? [CLI_USAGE]"],
      [["models", "verify", "extra"], 'gma: Unexpected argument "extra": this command takes options only [CLI_USAGE]'],
    ];
    for (const [args, line] of cases) {
      const run = await gma(args);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr.split("\n")[0], args.join(" ")).toBe(line);
      expect(run.stderr, args.join(" ")).toMatch(/\nRun `gma (analyze|pose|models) --help` for the options\.\n$/);
      expect(run.stderr, args.join(" ")).not.toMatch(/positional|'--'|ambiguous/);
    }
  });

  it("take analyse as analyze, and suggest the closest command for an unknown one", async () => {
    tmp = tempDir("gma-msg-alias-");
    const kp = tmp.file("k.gmak");
    writeFileSync(kp, encodeKeypoints(recording()));
    const analyse = await gma(["analyse", "--keypoints", kp, "--age-weeks", "12", "--quiet"]);
    expect(analyse.stderr).toContain("risk: ");
    expect(analyse.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(analyse.stdout)).toHaveProperty("risk");
    expect((await gma(["analyse", "--help"])).stdout).toContain("`gma analyse` is the same command");
    expect((await gma(["--help"])).stdout).toContain("(`analyse` is the same command)");

    const typo = await gma(["anlyze", "x"]);
    expect(typo.code).toBe(EXIT_CODES.badInput);
    expect(typo.stderr).toBe('gma: Unknown command "anlyze"; did you mean analyze? [CLI_USAGE]\nRun `gma --help` for the commands.\n');
    expect((await gma(["poes"])).stderr).toContain('Unknown command "poes"; did you mean pose?');
    expect((await gma(["frobnicate"])).stderr).toContain('Unknown command "frobnicate"; the commands are pose, analyze, models, dataset [CLI_USAGE]');
  }, 60_000);
});

describe("gma on a missing or empty input file", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("calls it bad input (exit 2) with the code the pipeline gives such a file and a hint about the path, not a usage error", async () => {
    tmp = tempDir("gma-msg-missing-");
    const cases: [string[], string][] = [
      [["analyze", tmp.file("missing.mp4"), "--age-weeks", "12"], `gma: No such video file: ${tmp.file("missing.mp4")} [NOT_A_VIDEO]\nCheck the path: it must name a readable video file.\n`],
      [["pose", tmp.file("missing.mp4"), "--out", tmp.file("k.gmak")], `gma: No such video file: ${tmp.file("missing.mp4")} [NOT_A_VIDEO]\nCheck the path: it must name a readable video file.\n`],
      [["analyze", "--keypoints", tmp.file("missing.json"), "--age-weeks", "12"], `gma: No such keypoint file: ${tmp.file("missing.json")} [KEYPOINTS_INVALID]\nCheck the path: it must name a readable keypoint file.\n`],
    ];
    for (const [args, stderr] of cases) {
      const run = await gma(args);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toBe(stderr);
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("names an empty file in its message", async () => {
    tmp = tempDir("gma-msg-empty-");
    writeFileSync(tmp.file("empty.mp4"), "");
    writeFileSync(tmp.file("empty.json"), "");
    const video = await gma(["analyze", tmp.file("empty.mp4"), "--age-weeks", "12"]);
    expect(video.code).toBe(EXIT_CODES.badInput);
    expect(video.stderr).toMatch(new RegExp(`^gma: The video file ${tmp.file("empty.mp4")} is empty \\(0 bytes\\) \\[VIDEO_EMPTY\\]\\n`));
    const keypoints = await gma(["analyze", "--keypoints", tmp.file("empty.json"), "--age-weeks", "12"]);
    expect(keypoints.code).toBe(EXIT_CODES.badInput);
    expect(keypoints.stderr).toMatch(new RegExp(`^gma: The keypoint file ${tmp.file("empty.json")} is empty \\(0 bytes\\) \\[KEYPOINTS_INVALID\\]\\n`));
  });
});

describe("gma analyze --keypoints on a file of the wrong kind", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("reads a .json file as JSON, saying where it is broken, and text that is neither JSON nor CSV as such, naming the formats", async () => {
    tmp = tempDir("gma-msg-kind-");
    const text = "these are my notes on the recording\nnot keypoints\n";
    writeFileSync(tmp.file("notes.json"), text);
    writeFileSync(tmp.file("notes.mp4"), text);
    writeFileSync(tmp.file("broken.json"), '{\n  "format": "joints-25",\n  "fps": 25,\n  "frames": [[1, 2,, 3]]\n}\n');
    writeFileSync(tmp.file("video.mp4"), Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]));
    writeFileSync(tmp.file("blob.bin"), Buffer.from([1, 2, 0, 4, 5]));
    writeFileSync(tmp.file("text.gmak"), text);
    writeFileSync(tmp.file("notes.csv"), text);
    const run = (file: string): Promise<{ code: number; stderr: string }> => gma(["analyze", "--keypoints", tmp!.file(file), "--age-weeks", "12", "--quiet"]);

    const notesJson = await run("notes.json");
    expect(notesJson.stderr).toContain("gma: The keypoint file is not valid JSON: Unexpected token 'h' (line 1, column 2) [KEYPOINTS_INVALID]");
    const broken = await run("broken.json");
    expect(broken.stderr).toContain("gma: The keypoint file is not valid JSON: Unexpected token ',' (line 4, column 20) [KEYPOINTS_INVALID]");
    const notesMp4 = await run("notes.mp4");
    expect(notesMp4.stderr).toContain('gma: The keypoint file is neither JSON nor CSV with a header row (it starts "these are my notes on the recording") [KEYPOINTS_INVALID]');
    expect(notesMp4.stderr).toContain("A keypoint file is .gmak (written by `gma pose`), JSON (format mediapipe-33 or joints-25) or CSV with a header row");
    const video = await run("video.mp4");
    expect(video.stderr).toContain("gma: The keypoint file is a video (.mp4), not keypoints [KEYPOINTS_INVALID]\nAnalyse a video as a video: `gma analyze <video>`, without --keypoints.");
    const blob = await run("blob.bin");
    expect(blob.stderr).toContain("gma: The keypoint file is binary but not a GMA keypoint file (.gmak) [KEYPOINTS_INVALID]\nA keypoint file is .gmak");
    const gmak = await run("text.gmak");
    expect(gmak.stderr).toContain("Not a GMA keypoint file (the GMAK signature is missing) [KEYPOINTS_INVALID]");
    const csv = await run("notes.csv");
    expect(csv.stderr).toContain("gma: Line 1: the header lacks column x0");
    for (const r of [notesJson, broken, notesMp4, video, blob, gmak, csv]) {
      expect(r.code).toBe(EXIT_CODES.badInput);
      expect(r.stderr).not.toContain("frame rate");
    }
  }, 60_000);

  it("tells a CSV that states no frame rate to add a '# fps:' line or give --fps, and says nothing of a row or field that it does not name", async () => {
    tmp = tempDir("gma-msg-csvfps-");
    writeFileSync(tmp.file("k.csv"), jointsCsv(recording(), undefined));
    const run = await gma(["analyze", "--keypoints", tmp.file("k.csv"), "--age-weeks", "12", "--quiet"]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('The CSV keypoint file states no frame rate: add a first line "# fps: N" with the recording\'s frame rate (for example "# fps: 25"), or give the rate beside the file (gma analyze --fps N) [KEYPOINTS_INVALID]');
    expect(run.stderr).toContain(`\n${KEYPOINT_FORMATS_HINT}\n`);
    expect(run.stderr).not.toContain("named row or field");
  });

  it("refuses --fps that contradicts the frame rate a JSON, CSV or .gmak file states, naming both, and takes an equal one", async () => {
    tmp = tempDir("gma-msg-fps-");
    const seq = recording();
    writeFileSync(tmp.file("k.json"), jointsJson(seq, 25));
    writeFileSync(tmp.file("k.csv"), jointsCsv(seq, 25));
    writeFileSync(tmp.file("k.gmak"), encodeKeypoints(seq));
    for (const file of ["k.json", "k.csv", "k.gmak"]) {
      const refused = await gma(["analyze", "--keypoints", tmp.file(file), "--age-weeks", "12", "--fps", "50", "--quiet"]);
      expect(refused.code, file).toBe(EXIT_CODES.badInput);
      expect(refused.stdout, file).toBe("");
      expect(refused.stderr, file).toBe(
        "gma: The keypoint file states 25 fps, but --fps 50 was given [KEYPOINTS_FPS_CONFLICT]\n" +
          "Leave out --fps, which is for files that state no frame rate, unless the file's own rate is the wrong one: then correct it in the file.\n",
      );
      const equal = await gma(["analyze", "--keypoints", tmp.file(file), "--age-weeks", "12", "--fps", "25.0", "--quiet"]);
      expect(equal.code, `${file}: ${equal.stderr}`).toBe(EXIT_CODES.ok);
    }
    // A file that states no rate takes the one given, as before.
    writeFileSync(tmp.file("none.json"), jointsJson(seq, undefined));
    const given = await gma(["analyze", "--keypoints", tmp.file("none.json"), "--age-weeks", "12", "--fps", "25", "--quiet"]);
    expect(given.code, given.stderr).toBe(EXIT_CODES.ok);
    expect(readdirSync(tmp.dir).sort()).toEqual(["k.csv", "k.gmak", "k.json", "none.json"]);
  }, 120_000);
});

describe("gma's hints about model folders", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("name the option or variable that chose the folder, rather than only the set-up that fills the default one", async () => {
    tmp = tempDir("gma-msg-models-");
    mkdirSync(tmp.file("empty"));
    writeFileSync(tmp.file("k.gmak"), encodeKeypoints(recording()));
    const anomaly = await gma(["analyze", "--keypoints", tmp.file("k.gmak"), "--age-weeks", "12", "--model-dir", tmp.file("empty"), "--quiet"]);
    expect(anomaly.code).toBe(EXIT_CODES.setup);
    expect(anomaly.stderr).toContain("[MODEL_CARD_INVALID]");
    expect(anomaly.stderr).toContain(`\nCheck --model-dir (${tmp.file("empty")}): it must name a folder holding an anomaly model's model-card.json`);
    expect(anomaly.stderr).not.toContain("Restore packages/core/models/anomaly");

    const pose = await gma(["models", "verify", "--models-dir", tmp.file("empty")]);
    expect(pose.code).toBe(EXIT_CODES.setup);
    expect(pose.stderr).toContain("[MODELS_MISSING]");
    expect(pose.stderr).toContain(`\nCheck --models-dir (${tmp.file("empty")}): it must name the folder the pose models were converted into`);
    expect(pose.stderr).toContain(`run \`npm run -s gma -- models prepare --models-dir ${tmp.file("empty")}\``);

    const fromEnv = await runGmaProcess(["models", "verify"], { GMA_MODELS_DIR: tmp.file("empty") });
    expect(fromEnv.code).toBe(EXIT_CODES.setup);
    expect(fromEnv.stderr).toContain(`\nCheck GMA_MODELS_DIR (${tmp.file("empty")}):`);
  }, 60_000);
});

describe("gma's help and wording", () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.remove());

  it("lists the exit codes, with every reason a recording is unusable, in the top-level help and in analyze's and pose's", async () => {
    for (const args of [["--help"], ["analyze", "--help"], ["pose", "--help"]]) {
      const help = (await gma(args)).stdout;
      expect(help, args.join(" ")).toContain("Exit codes: 0 done, 1 internal failure, 2 bad input, 3 unusable recording");
      expect(help, args.join(" ")).toContain("shorter than 10 s, a frame rate under 10 fps");
    }
    expect((await gma(["--help"])).stdout).toContain("npm run -s gma -- ...");
  });

  it("points to the keypoint formats where they are, from the help and the errors' hint", async () => {
    const pose = (await gma(["pose", "--help"])).stdout;
    expect(pose).toContain("packages/core/docs/keypoint-formats.md");
    expect(pose).not.toMatch(/[^/]docs\/keypoint-formats\.md/);
    expect(KEYPOINT_FORMATS_HINT).toContain("packages/core/docs/keypoint-formats.md");
    expect(existsSync(path.join(REPO, "packages/core/docs/keypoint-formats.md"))).toBe(true);
  });

  it("prints each message as a sentence, leaving an option, a path or a program's name as it is spelled", () => {
    expect(asSentence("cannot read the model card /x/model-card.json")).toBe("Cannot read the model card /x/model-card.json");
    expect(asSentence("truncated header: 3 bytes")).toBe("Truncated header: 3 bytes");
    for (const kept of ["--out must end in .json", "k.json is a directory", "ffmpeg does not recognise the file", "gma pose needs a video file", "The file is empty"]) expect(asSentence(kept)).toBe(kept);
  });

  it("gives video errors hints a command-line user can follow: nothing to upload", () => {
    for (const error of [new NotAVideoError("x"), new VideoCorruptError("x"), new VideoEmptyError("x"), new VideoTooLargeError("x"), new VideoTooLongError("x"), new NoPersonFoundError("x")]) {
      expect(error.hint, error.code).not.toMatch(/upload/i);
    }
  });

  it("takes the same ages in make-keypoints as in gma analyze, 104 weeks included", () => {
    tmp = tempDir("gma-msg-age-");
    const args = parseMakeKeypointsArgs(["--class", "fidgety", "--out", tmp.file("k.json"), "--age-weeks", "104"]);
    expect(args).toMatchObject({ ageWeeks: 104 });
    expect(simulateInfant({ seed: 1, movementClass: "fidgety", durationS: 1, ageWeeks: 104 }).ageWeeks).toBe(104);
  });

  it("suggests only close names", () => {
    expect(closestName("age-week", ["age-weeks", "out"])).toBe("age-weeks");
    expect(closestName("ouf", ["out", "fps"])).toBe("out");
    expect(closestName("gestational", ["gestational-age", "age-weeks"])).toBe("gestational-age");
    expect(closestName("colour", ["out", "fps", "quiet", "age-weeks"])).toBeUndefined();
    expect(closestName("model", ["model-dir", "models-dir"])).toBeUndefined();
  });

  it("shows npm's -s wherever the README runs gma through npm, whose banner would precede the JSON on stdout", () => {
    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    const runs = readme.match(/npm run (?:-s )?gma\b/g) ?? [];
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((r) => !r.includes("-s"))).toEqual([]);
    expect(readme).toMatch(/-s[^\n]*npm[^\n]*(banner|its own)/);
  });
});

// Real processes, ffmpeg and the pose models set-up prepares.
describe("gma pose's last words", () => {
  let modelsDir: string;
  let tmp: ReturnType<typeof tempDir> | undefined;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
  }, 300_000);
  afterEach(() => tmp?.remove());

  it("end with a sentence saying what was written, as analyze's do, and give the JSON summary only with --json", async () => {
    tmp = tempDir("gma-msg-pose-");
    const clip = messiClip(tmp.file("messi.mp4"), 10, "320x200");
    const plain = await runGmaProcess(["pose", clip, "--out", tmp.file("k.gmak"), "--models-dir", modelsDir, "--variant", "lite", "--quiet"]);
    expect(plain.code, plain.stderr).toBe(EXIT_CODES.ok);
    expect(plain.stdout).toBe("");
    expect(plain.stderr).toMatch(new RegExp(`^keypoints written to ${tmp.file("k.gmak")}: 250 frames \\(10\\.0 s at 25 fps\\), \\d+ with a clear pose; analyse them with \`gma analyze --keypoints ${tmp.file("k.gmak")} --age-weeks N\`\\n$`));

    const json = await runGmaProcess(["pose", clip, "--out", tmp.file("k.json"), "--models-dir", modelsDir, "--variant", "lite", "--quiet", "--json"]);
    expect(json.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(json.stdout)).toMatchObject({ out: tmp.file("k.json"), format: "mediapipe-33", frames: 250, fps: 25 });
    expect(json.stderr).toContain("keypoints written to");
  }, 180_000);

  it("end any progress bar before an error, so that the error starts its own line", async () => {
    tmp = tempDir("gma-msg-pose-err-");
    const clip = blankClip(tmp.file("blank.mp4"), 1);
    // Progress bars are drawn on a terminal only; into a pipe each finished stage is one line.
    const run = await runGmaProcess(["pose", clip, "--out", tmp.file("k.gmak"), "--models-dir", modelsDir, "--variant", "lite"]);
    expect(run.code).toBe(EXIT_CODES.unusableRecording);
    expect(run.stderr).toMatch(/(^|\n)gma: No person was found/);
    expect(run.stderr).not.toMatch(/\n\ngma:/);
    expect(run.stderr.startsWith("\n")).toBe(false);
  }, 60_000);
});
