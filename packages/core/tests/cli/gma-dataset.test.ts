import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES, UsageError } from "../../src/cli";
import { DATASET_MAX_BYTES, readDataset, simulateInfant } from "../../src/synthetic";
import { maxSimulatedInfants, parseMakeDatasetArgs, simulatedInfantBytes } from "../../src/synthetic/make-dataset";
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
      expect(run.stderr, args.join(" ")).not.toMatch(/ambiguous|internal error|\n\s+at /i);
      expect(run.stdout, args.join(" ")).toBe("");
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("says what to give when there is nothing to write, --out is missing, or imports are mixed with simulated infants (exit 2, not an internal error)", async () => {
    tmp = tempDir("gma-dataset-what-");
    writeFileSync(tmp.file("frames.txt"), "0 0 0\n".repeat(25));
    const none = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--infants", "0"]);
    expect(none.code).toBe(EXIT_CODES.badInput);
    expect(none.stderr).toContain("gma: Nothing to write: give --infants K (at least 1) to simulate infants, or --import <folder|file> for recorded keypoints [CLI_USAGE]");

    const noOut = await gma(["dataset", "make", ...TINY]);
    expect(noOut.code).toBe(EXIT_CODES.badInput);
    expect(noOut.stderr).toContain("--out <file.gmads> is required [CLI_USAGE]");

    const mixed = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), "--import", tmp.file("frames.txt"), "--infants", "2"]);
    expect(mixed.code).toBe(EXIT_CODES.badInput);
    expect(mixed.stderr).toContain("gma: Mixing --import with simulated infants (--infants, --anomaly-infants) in one file is not supported; write two files [CLI_USAGE]");
    expect(mixed.stderr).not.toMatch(/internal error|RangeError/i);

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
    expect(missing.stderr).not.toMatch(/simulate\s+\[|internal error|ENOENT/i);

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

describe("gma dataset make's limit on simulated infants", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("refuses more infants than a 4 GiB dataset file holds by name (CLI_USAGE, exit 2) before simulating, writing nothing", async () => {
    tmp = tempDir("gma-dataset-many-");
    const out = tmp.file("d.gmads");
    const refused = [
      ["--infants", "100000000"],
      ["--infants", "1", "--anomaly-infants", "100000000"],
      ["--infants", "2", "--anomaly-infants", "1", "--duration", "3600", "--stride", "1"],
    ];
    // Checked without running first: were one taken, gma would simulate for days in this process.
    for (const args of refused) expect(() => parseMakeDatasetArgs(["--out", out, ...args]), args.join(" ")).toThrow(UsageError);
    const [huge, anomaly, long] = [await gma(["dataset", "make", "--out", out, ...refused[0]!]), await gma(["dataset", "make", "--out", out, ...refused[1]!]), await gma(["dataset", "make", "--out", out, ...refused[2]!])];
    expect(huge.code).toBe(EXIT_CODES.badInput);
    expect(huge.stderr).toContain(
      "gma: --infants 100000000 with the default --anomaly-infants 25000000 (for each of 4 anomaly classes) is 200000000 infants, about 240 TiB of windows at --duration 30 and --stride 5, " +
        "more than the 4 GiB a dataset file holds; at these settings at most 3285 infants in all fit: give fewer infants, a shorter --duration or a larger --stride [CLI_USAGE]",
    );
    expect(anomaly.code).toBe(EXIT_CODES.badInput);
    expect(anomaly.stderr).toContain("gma: --infants 1 with --anomaly-infants 100000000 (for each of 4 anomaly classes) is 400000001 infants");
    // An hour per infant at every frame: each infant's windows take about 811 MB, so five fit.
    expect(long.code).toBe(EXIT_CODES.badInput);
    expect(long.stderr).toContain("is 6 infants, about 4.5 GiB of windows at --duration 3600 and --stride 1, more than the 4 GiB a dataset file holds; at these settings at most 5 infants in all fit");
    for (const run of [huge, anomaly, long]) expect(run.stdout).toBe("");
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("takes exactly as many infants as fit, counting each anomaly class's, and refuses one more", () => {
    tmp = tempDir("gma-dataset-edge-");
    const out = tmp.file("d.gmads");
    const most = maxSimulatedInfants(30, 5);
    expect(most).toBe(3285);
    expect(most * simulatedInfantBytes(30, 5)).toBeLessThanOrEqual(DATASET_MAX_BYTES);
    expect((most + 1) * simulatedInfantBytes(30, 5)).toBeGreaterThan(DATASET_MAX_BYTES);
    expect(parseMakeDatasetArgs(["--out", out, "--infants", String(most), "--anomaly-infants", "0"])).toMatchObject({ infants: most, anomalyInfants: 0 });
    expect(() => parseMakeDatasetArgs(["--out", out, "--infants", String(most + 1), "--anomaly-infants", "0"])).toThrow(UsageError);
    expect(parseMakeDatasetArgs(["--out", out, "--infants", String(most - 4 * 100), "--anomaly-infants", "100"])).toMatchObject({ anomalyInfants: 100 });
    expect(() => parseMakeDatasetArgs(["--out", out, "--infants", String(most - 4 * 100 + 1), "--anomaly-infants", "100"])).toThrow(/at most 3285 infants in all/);
    // A longer stride thins the windows, so more infants fit.
    expect(maxSimulatedInfants(30, 50)).toBeGreaterThan(8 * most);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("estimates no fewer bytes than make-dataset writes, with and without tracking dropouts", async () => {
    tmp = tempDir("gma-dataset-size-");
    for (const extra of [[], ["--no-dropouts"]]) {
      const file = tmp.file(`d${extra.length}.gmads`);
      const run = await gma(["dataset", "make", "--out", file, "--infants", "2", "--anomaly-infants", "1", "--duration", "4", "--stride", "3", ...extra]);
      expect(run.code, run.stderr).toBe(EXIT_CODES.ok);
      const written = readFileSync(file).length;
      // 6 infants; the header's fixed part (classes, preprocessing, provenance) is the rest.
      expect(written).toBeLessThanOrEqual(6 * simulatedInfantBytes(4, 3) + 16 * 1024);
      expect(written).toBeGreaterThan(0.8 * 6 * simulatedInfantBytes(4, 3));
    }
  });
});

describe("gma dataset make with options of the other kind of dataset", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("refuses simulation options with --import (CLI_USAGE, exit 2), saying which options --import takes, which then write the file", async () => {
    tmp = tempDir("gma-dataset-import-opts-");
    // A recording as the importer reads it: one frame per line, 25 joints x, y, z.
    const { sequence } = simulateInfant({ seed: 2, movementClass: "fidgety", durationS: 3, ageWeeks: 12 });
    const lines = Array.from({ length: sequence.frameCount }, (_, f) => Array.from(sequence.data.subarray(f * 75, (f + 1) * 75), (v) => (Number.isNaN(v) ? "nan" : String(v))).join(" "));
    writeFileSync(tmp.file("recording.txt"), `${lines.join("\n")}\n`);
    const base = ["dataset", "make", "--out", tmp.file("d.gmads"), "--import", tmp.file("recording.txt")];
    const takes = "--import takes --import-class, --import-label, --age-weeks, --source-fps, --stride and --out [CLI_USAGE]";
    const cases: [string[], string][] = [
      [["--seed", "3"], "--seed applies only to simulated infants and would be ignored with --import"],
      [["--duration", "30"], "--duration applies only to simulated infants and would be ignored with --import"],
      [["--no-dropouts"], "--no-dropouts applies only to simulated infants and would be ignored with --import"],
      [["--seed", "3", "--duration", "30", "--no-dropouts"], "--seed, --duration and --no-dropouts apply only to simulated infants and would be ignored with --import"],
    ];
    for (const [args, message] of cases) {
      const run = await gma([...base, ...args]);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toContain(`gma: ${message}; ${takes}`);
      expect(run.stdout, args.join(" ")).toBe("");
    }
    expect(readdirSync(tmp.dir)).toEqual(["recording.txt"]);

    const good = await gma([...base, "--stride", "4", "--import-class", "fidgety", "--import-label", "normal", "--age-weeks", "10", "--source-fps", "25"]);
    expect(good.stderr).not.toContain("gma:");
    expect(good.code).toBe(EXIT_CODES.ok);
    expect(readDataset(tmp.file("d.gmads")).header).toMatchObject({ synthetic: false, stride: 4, classes: ["fidgety"], fps: 25 });
  });

  it("refuses the importer's options without --import (CLI_USAGE, exit 2), saying which options simulated infants take", async () => {
    tmp = tempDir("gma-dataset-sim-opts-");
    const cases: [string[], string][] = [
      [["--age-weeks", "12"], "--age-weeks applies only"],
      [["--import-class", "fidgety", "--import-label", "anomaly", "--source-fps", "30"], "--import-class, --import-label and --source-fps apply only"],
    ];
    for (const [args, message] of cases) {
      const run = await gma(["dataset", "make", "--out", tmp.file("d.gmads"), ...TINY, ...args]);
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toContain(
        `gma: ${message} to --import (recorded keypoints) and would be ignored with simulated infants; simulated infants take --infants, --anomaly-infants, --seed, --duration, --stride, --no-dropouts and --out [CLI_USAGE]`,
      );
    }
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

describe("make-dataset.ts run as a script (as training/train.sh does)", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("reports a bad option with its code and where the options are listed and exits 2 rather than with parseArgs' message or a stack trace, and writes a good dataset", async () => {
    tmp = tempDir("make-dataset-script-");
    // Checked here first: were it taken, the script below would simulate for days.
    expect(() => parseMakeDatasetArgs(["--out", tmp.file("huge.gmads"), "--infants", "100000000"])).toThrow(UsageError);
    const [negative, missingFolder, good, huge, help] = await Promise.all([
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("d.gmads"), ...TINY, "--seed", "-1"]),
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("no/d.gmads"), ...TINY]),
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("ok.gmads"), ...TINY, "--seed", "3"]),
      runTsxProcess(MAKE_DATASET, ["--out", tmp.file("huge.gmads"), "--infants", "100000000"]),
      runTsxProcess(MAKE_DATASET, ["--help"]),
    ]);
    expect(huge.code).toBe(EXIT_CODES.badInput);
    expect(huge.stderr).toContain("make-dataset: --infants 100000000 with the default --anomaly-infants 25000000");
    expect(huge.stderr).toMatch(/at these settings at most 3285 infants in all fit: .* \[CLI_USAGE\]/);

    expect(help.code).toBe(EXIT_CODES.ok);
    expect(help.stdout).toContain("All infants together (normal and anomaly) must fit the 4 GiB a dataset file holds");
    expect(help.stdout).toContain("The options of one kind are refused with the other, since they would have no effect.");

    expect(negative.code).toBe(EXIT_CODES.badInput);
    expect(negative.stderr).toContain('make-dataset: --seed must be zero or more (got "-1") [CLI_USAGE]');
    // Where the options are listed, not the whole list, which would bury the message.
    expect(negative.stderr).toContain("Run `npx tsx packages/core/src/synthetic/make-dataset.ts --help` for the options.");
    expect(negative.stderr).not.toContain("--seed <N>");
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
