import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { readDataset } from "../../src/synthetic";
import { runGmaInProcess, runTsxProcess, tempDir } from "./support/cli-fixtures";

const gma = runGmaInProcess;
const MAKE_DATASET = path.resolve(import.meta.dirname, "../../src/synthetic/make-dataset.ts");
/** The smallest simulated dataset: one normal infant, 2 s. */
const TINY = ["--infants", "1", "--anomaly-infants", "0", "--duration", "2"];

describe("gma dataset make on bad input", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("refuses negative and malformed numbers by name (CLI_USAGE, exit 2) before simulating, writing nothing", async () => {
    tmp = tempDir("gma-dataset-num-");
    const out = tmp.file("d.gmads");
    const cases: [string[], string][] = [
      [["--seed", "-1"], '--seed must be zero or more (got "-1")'],
      [["--seed=-1"], '--seed must be zero or more (got "-1")'],
      [["--seed", ""], '--seed must be a whole number (got "")'],
      [["--seed", "0x10"], '--seed must be a whole number (got "0x10")'],
      [["--seed", "1.5"], '--seed must be a whole number (got "1.5")'],
      [["--seed", "4294967296"], '--seed must be at most 4294967295 (got "4294967296")'],
      [["--infants", "-1"], '--infants must be zero or more (got "-1")'],
      [["--infants", "two"], '--infants must be a whole number (got "two")'],
      [["--anomaly-infants", "-2"], '--anomaly-infants must be zero or more (got "-2")'],
      [["--duration", "-5"], '--duration must be at least 2 seconds (got "-5")'],
      [["--duration", "abc"], '--duration must be a number of seconds (got "abc")'],
      [["--duration", "1e9"], '--duration must be at most 3600 seconds (got "1e9")'],
      [["--stride", "0"], '--stride must be at least 1 (got "0")'],
    ];
    for (const [args, message] of cases) {
      // The bad value comes last: parseArgs keeps the last of a repeated option.
      const run = await gma(["dataset", "make", "--out", out, ...TINY, ...args]);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toContain(`gma: ${message} [CLI_USAGE]`);
      expect(run.stderr, args.join(" ")).not.toMatch(/ambiguous|internal error|\n\s+at /);
      expect(run.stdout, args.join(" ")).toBe("");
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("says what to give when there is nothing to write, --out is missing, or imports are mixed with simulated infants (exit 2, not an internal error)", async () => {
    tmp = tempDir("gma-dataset-what-");
    writeFileSync(tmp.file("frames.txt"), "0 0 0\n".repeat(25));
    const none = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--infants", "0"]);
    expect(none.code).toBe(EXIT_CODES.badInput);
    expect(none.stderr).toContain("nothing to write: give --infants K (at least 1) to simulate infants, or --import <folder|file> for recorded keypoints [CLI_USAGE]");

    const noOut = await gma(["dataset", "make", ...TINY]);
    expect(noOut.code).toBe(EXIT_CODES.badInput);
    expect(noOut.stderr).toContain("--out <file.gmads> is required [CLI_USAGE]");

    const mixed = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--import", tmp.file("frames.txt"), "--infants", "2"]);
    expect(mixed.code).toBe(EXIT_CODES.badInput);
    expect(mixed.stderr).toContain("mixing --import with simulated infants (--infants, --anomaly-infants) in one file is not supported; write two files [CLI_USAGE]");
    expect(mixed.stderr).not.toMatch(/internal error|RangeError/);

    const label = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--import", tmp.file("frames.txt"), "--import-label", "maybe"]);
    expect(label.code).toBe(EXIT_CODES.badInput);
    expect(label.stderr).toContain('--import-label must be one of normal, anomaly (got "maybe") [CLI_USAGE]');

    const age = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--import", tmp.file("frames.txt"), "--age-weeks", "-3"]);
    expect(age.code).toBe(EXIT_CODES.badInput);
    expect(age.stderr).toContain('--age-weeks must be zero or more weeks (got "-3") [INVALID_AGE]');
    expect(readdirSync(tmp.dir)).toEqual(["frames.txt"]);
  });

  it("checks --out before simulating: a missing folder or another extension is bad input (exit 2), with nothing written", async () => {
    tmp = tempDir("gma-dataset-out-");
    const missing = await gma(["dataset", "make", "--out", tmp.file("no/such/d.gmads"), ...TINY]);
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toMatch(/folder .*no[/\\]such does not exist \[OUTPUT_UNWRITABLE\]/);
    expect(missing.stderr).not.toMatch(/simulate\s+\[|internal error|ENOENT/);

    const txt = await gma(["dataset", "make", "--out", tmp.file("d.txt"), ...TINY]);
    expect(txt.code).toBe(EXIT_CODES.badInput);
    expect(txt.stderr).toContain('--out must end in .gmads, got "d.txt" [CLI_USAGE]');

    mkdirSync(tmp.file("dir.gmads"));
    const dir = await gma(["dataset", "make", "--out", tmp.file("dir.gmads"), ...TINY]);
    expect(dir.code).toBe(EXIT_CODES.badInput);
    expect(dir.stderr).toContain("[OUTPUT_UNWRITABLE]");
    expect(readdirSync(tmp.dir)).toEqual(["dir.gmads"]);
  });

  it("writes a readable dataset for good options, seed 0 included, and only that file", async () => {
    tmp = tempDir("gma-dataset-ok-");
    const run = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), ...TINY, "--seed", "0"]);
    expect(run.stderr).not.toContain("gma:");
    expect(run.code).toBe(EXIT_CODES.ok);
    const summary = JSON.parse(run.stdout) as { windows: number; infants: number };
    const ds = readDataset(tmp.file("d.gmads"));
    expect(ds.header.count).toBe(summary.windows);
    expect(ds.header.infants).toHaveLength(1);
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);
  });
});

describe("make-dataset.ts run as a script (as training/train.sh does)", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("reports a bad option with its code and usage and exits 2 rather than with parseArgs' message or a stack trace, and writes a good dataset", async () => {
    tmp = tempDir("make-dataset-script-");
    const [negative, missingFolder, good] = await Promise.all([
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("d.gmads"), ...TINY, "--seed", "-1"]),
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("no/d.gmads"), ...TINY]),
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("ok.gmads"), ...TINY, "--seed", "3"]),
    ]);
    expect(negative.code).toBe(EXIT_CODES.badInput);
    expect(negative.stderr).toContain('make-dataset: --seed must be zero or more (got "-1") [CLI_USAGE]');
    expect(negative.stderr).toContain("--seed <N>               whole number from 0 to 4294967295");
    expect(negative.stderr).not.toMatch(/ambiguous|\n\s+at /);

    expect(missingFolder.code).toBe(EXIT_CODES.badInput);
    expect(missingFolder.stderr).toContain("[OUTPUT_UNWRITABLE]");
    expect(missingFolder.stderr).not.toMatch(/ENOENT|\n\s+at /);

    expect(good.code).toBe(EXIT_CODES.ok);
    expect(JSON.parse(good.stdout.trim().split("\n").at(-1)!)).toMatchObject({ infants: 1 });
    expect(readDataset(tmp.file("ok.gmads")).header.infants).toHaveLength(1);
    expect(readFileSync(tmp.file("ok.gmads")).length).toBeGreaterThan(0);
    expect(readdirSync(tmp.dir)).toEqual(["ok.gmads"]);
  }, 60_000);
});
