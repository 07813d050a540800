import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_QUALITY_GATE } from "../../src/analysis";
import { EXIT_CODES } from "../../src/cli";
import { importKeypoints } from "../../src/skeleton";
import { MOVEMENT_CLASS_NAMES } from "../../src/synthetic";
import { runTsxProcess, tempDir } from "../cli/support/cli-fixtures";

// The script the README tells users to run for a synthetic keypoint file, run the same way.
const MAKE_KEYPOINTS = path.resolve(import.meta.dirname, "../../src/synthetic/make-keypoints.ts");

describe("make-keypoints.ts", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("refuses negative, malformed and out-of-range options by name with their code and exit 2, writing nothing", async () => {
    tmp = tempDir("make-keypoints-bad-");
    const out = tmp.file("k.json");
    const base = ["--class", "fidgety", "--out", out];
    const cases: [string[], string][] = [
      [[...base, "--seed", "-1"], '--seed must be zero or more (got "-1") [CLI_USAGE]'],
      [[...base, "--seed", "0x10"], '--seed must be a whole number (got "0x10") [CLI_USAGE]'],
      [[...base, "--duration", "-5"], '--duration must be above 0 seconds (got "-5") [CLI_USAGE]'],
      [[...base, "--duration=-5"], '--duration must be above 0 seconds (got "-5") [CLI_USAGE]'],
      [[...base, "--duration", "abc"], '--duration must be a number of seconds (got "abc") [CLI_USAGE]'],
      [[...base, "--duration", "4000"], '--duration must be at most 3600 seconds (got "4000") [CLI_USAGE]'],
      [[...base, "--age-weeks", "abc"], '--age-weeks must be a number of weeks (got "abc") [INVALID_AGE]'],
      [[...base, "--age-weeks", "104.5"], '--age-weeks must be at most 104 weeks (got "104.5") [INVALID_AGE]'],
      [[...base, "--age-weeks", "-2"], '--age-weeks must be zero or more weeks (got "-2") [INVALID_AGE]'],
      [["--class", "wriggly", "--out", out], `--class must be one of ${MOVEMENT_CLASS_NAMES.join(", ")} (got "wriggly") [CLI_USAGE]`],
      [["--out", out], "--class is required: one of fidgety"],
      [["--class", "fidgety"], "--out <file.json> is required [CLI_USAGE]"],
      [[...base, "--format", "csv"], '--format must be one of mediapipe-33, joints-25 (got "csv") [CLI_USAGE]'],
      [[...base, "--frobnicate"], "Unknown option --frobnicate [CLI_USAGE]"],
      [["--class", "fidgety", "--out", tmp.file("no/such/k.json")], "does not exist [OUTPUT_UNWRITABLE]"],
    ];
    const runs = await Promise.all(cases.map(([args]) => runTsxProcess(MAKE_KEYPOINTS, args)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toMatch(/^make-keypoints: /);
      expect(run.stderr, args.join(" ")).toContain(message);
      expect(run.stderr, args.join(" ")).not.toMatch(/ambiguous|internal error|\n\s+at /i);
      expect(run.stdout, args.join(" ")).toBe("");
    });
    expect(readdirSync(tmp.dir)).toEqual([]);
  }, 60_000);

  it("writes a keypoint file gma analyze reads, warning when it is shorter than an analysis needs", async () => {
    tmp = tempDir("make-keypoints-ok-");
    const minimum = DEFAULT_QUALITY_GATE.minDurationS;
    const [long, short] = await Promise.all([
      runTsxProcess(MAKE_KEYPOINTS, ["--class", "cramped-synchronised", "--seed", "0", "--duration", String(minimum), "--age-weeks", "12", "--out", tmp.file("long.json")]),
      runTsxProcess(MAKE_KEYPOINTS, ["--class", "fidgety", "--duration", "4", "--format", "joints-25", "--out", tmp.file("short.json")]),
    ]);
    expect(long.code).toBe(EXIT_CODES.ok);
    expect(long.stderr).toBe("");
    expect(JSON.parse(long.stdout)).toMatchObject({ movementClass: "cramped-synchronised", ageWeeks: 12, frames: minimum * 25, format: "mediapipe-33" });
    expect(importKeypoints(readFileSync(tmp.file("long.json"), "utf8")).joints.frameCount).toBe(minimum * 25);

    expect(short.code).toBe(EXIT_CODES.ok);
    expect(short.stderr).toContain(`make-keypoints: warning: 4 s is shorter than the ${minimum} s an analysis needs, so \`gma analyze\` will refuse this file (exit 3)`);
    expect(importKeypoints(readFileSync(tmp.file("short.json"), "utf8")).joints.frameCount).toBe(100);
    expect(readdirSync(tmp.dir).sort()).toEqual(["long.json", "short.json"]);
  }, 60_000);
});
