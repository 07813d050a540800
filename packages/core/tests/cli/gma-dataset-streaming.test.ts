import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/cli";
import { buildDataset, datasetWindowBytes, encodeDataset, simulateInfant, type DatasetHeader } from "../../src/synthetic";
import { datasetRecordingsFromArgs, parseMakeDatasetArgs } from "../../src/synthetic/make-dataset";
import { runGmaInProcess, runTsxProcess, tempDir } from "./support/cli-fixtures";

const CORE = path.resolve(import.meta.dirname, "../..");
const MAKE_DATASET = path.join(CORE, "src/synthetic/make-dataset.ts");
const TSX = path.resolve(CORE, "../../node_modules/.bin/tsx");
/** The installed `gma` command: one node process that loads the TypeScript sources itself. */
const GMA_BIN = path.join(CORE, "src/cli/gma-bin.mjs");
const REPORT_MAX_RSS = path.join(import.meta.dirname, "support/report-max-rss.mjs");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Processes the tests started; any still running when a test ends (a failing one) are killed. */
const children = new Set<ReturnType<typeof spawn>>();

/**
 * Runs a command in its own process; `onStart` gets the process (to signal it). Through bash
 * when `fileSizeLimitKiB` is given, which sets that limit on the files it writes (`ulimit -f`).
 */
function run(command: string, args: string[], options: { fileSizeLimitKiB?: number; onStart?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const [cmd, argv] = options.fileSizeLimitKiB === undefined ? [command, args] : ["bash", ["-c", `ulimit -f ${options.fileSizeLimitKiB} && exec "$0" "$@"`, command, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: CORE, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
    options.onStart?.(child);
  });
}

/** make-dataset.ts in one node process (no tsx wrapper), which reports its peak resident set size. */
async function makeDatasetMeasured(args: string[]): Promise<Run & { maxRssBytes: number }> {
  const result = await run(process.execPath, ["--import", "tsx", "--import", REPORT_MAX_RSS, MAKE_DATASET, ...args]);
  const kib = /max-rss-kib (\d+)/.exec(result.stderr);
  expect(kib, result.stderr).not.toBeNull();
  return { ...result, maxRssBytes: Number(kib![1]) * 1024 };
}

/** The header of a dataset file, read without reading its windows. */
function readHeader(file: string): { header: DatasetHeader; headBytes: number } {
  const fd = openSync(file, "r");
  try {
    const prefix = Buffer.alloc(12);
    readSync(fd, prefix, 0, 12, 0);
    const json = Buffer.alloc(prefix.readUInt32LE(8));
    readSync(fd, json, 0, json.length, 12);
    return { header: JSON.parse(json.toString("utf8")) as DatasetHeader, headBytes: 12 + json.length };
  } finally {
    closeSync(fd);
  }
}

/** The bytes the in-memory path (build every window, then encode the whole file) writes for these make-dataset arguments. */
function inMemoryBytes(argv: string[]): Buffer {
  const args = parseMakeDatasetArgs(argv);
  if (args === "help") throw new Error("not a dataset");
  return Buffer.from(encodeDataset(buildDataset(datasetRecordingsFromArgs(args))));
}

/** Resolves once `dir` holds a temporary file (the dataset being written), so that a signal lands mid-way. */
async function temporaryFileAppears(dir: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (readdirSync(dir).some((f) => f.endsWith(".tmp"))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no temporary file appeared in ${dir}`);
}

describe("gma dataset make and make-dataset.ts write the dataset as they make it", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    tmp?.remove();
  });

  it("write byte for byte what the in-memory path writes, for simulated infants of every class and for imports, one with no window", async () => {
    tmp = tempDir("gma-dataset-bytes-");
    const { sequence } = simulateInfant({ seed: 2, movementClass: "fidgety", durationS: 4, ageWeeks: 12 });
    const line = (f: number) => Array.from(sequence.data.subarray(f * 75, (f + 1) * 75), (v) => (Number.isNaN(v) ? "nan" : String(v))).join(" ");
    writeFileSync(tmp.file("long.txt"), `${Array.from({ length: sequence.frameCount }, (_, f) => line(f)).join("\n")}\n`);
    // 20 frames: fewer than one 30-frame window.
    writeFileSync(tmp.file("short.txt"), `${Array.from({ length: 20 }, (_, f) => line(f)).join("\n")}\n`);
    const simulated = ["--out", tmp.file("sim.gmads"), "--infants", "3", "--anomaly-infants", "1", "--seed", "5", "--duration", "4", "--stride", "3"];
    const imported = ["--out", tmp.file("imp.gmads"), "--import", tmp.file("long.txt"), "--import", tmp.file("short.txt"), "--import-class", "fidgety", "--age-weeks", "10.5", "--source-fps", "25", "--stride", "2"];
    const [sim, imp, script] = await Promise.all([
      runGmaInProcess(["dataset", "make", ...simulated]),
      runGmaInProcess(["dataset", "make", ...imported]),
      runTsxProcess(MAKE_DATASET, [...simulated.slice(0, 1), tmp.file("script.gmads"), ...simulated.slice(2), "--no-dropouts"]),
    ]);
    for (const r of [sim, imp, script]) expect(r.code, r.stderr).toBe(EXIT_CODES.ok);
    // gma's progress: a stage for the recordings, then one for putting the header in front.
    expect(sim.stderr).toMatch(/^simulate +\[#+\] 100 % .*\nwrite +\[#+\] 100 % /m);
    expect(imp.stderr).toMatch(/^import +\[#+\] 100 % .*\nwrite +\[#+\] 100 % /m);
    expect(script.stderr).toContain("make-dataset: 7/7 recordings\nmake-dataset: putting the header in front of ");
    expect(Buffer.compare(readFileSync(tmp.file("sim.gmads")), inMemoryBytes(simulated))).toBe(0);
    expect(Buffer.compare(readFileSync(tmp.file("imp.gmads")), inMemoryBytes(imported))).toBe(0);
    expect(Buffer.compare(readFileSync(tmp.file("script.gmads")), inMemoryBytes([...simulated, "--no-dropouts"]))).toBe(0);
    expect(readHeader(tmp.file("imp.gmads")).header.infants.map((i) => i.windows)).toEqual([expect.any(Number), 0]);
    expect(readdirSync(tmp.dir).sort()).toEqual(["imp.gmads", "long.txt", "script.gmads", "short.txt", "sim.gmads"]);
  });

  it("makes a 200 MB dataset in little more memory than a one-infant one: one infant's windows at a time, not three times the file", async () => {
    tmp = tempDir("gma-dataset-memory-");
    const [tiny, big] = await Promise.all([
      makeDatasetMeasured(["--out", tmp.file("tiny.gmads"), "--infants", "1", "--anomaly-infants", "0"]),
      makeDatasetMeasured(["--out", tmp.file("big.gmads"), "--infants", "160", "--anomaly-infants", "0"]),
    ]);
    expect(tiny.code, tiny.stderr).toBe(EXIT_CODES.ok);
    expect(big.code, big.stderr).toBe(EXIT_CODES.ok);
    const bytes = statSync(tmp.file("big.gmads")).size;
    const { header, headBytes } = readHeader(tmp.file("big.gmads"));
    expect(header.infants).toHaveLength(160);
    expect(bytes).toBe(headBytes + header.count * datasetWindowBytes(header.windowSize));
    expect(bytes).toBeGreaterThan(200e6);
    // Building the dataset in memory and encoding it peaked at 755 MB for this file (Node 20,
    // 2026-12-05): every window, then the whole file in one Buffer. Streamed, the peak is the
    // tiny run's plus about 25 MB (garbage of the simulation not yet collected).
    expect(big.maxRssBytes - tiny.maxRssBytes, `peak RSS ${big.maxRssBytes} bytes for ${bytes} bytes; ${tiny.maxRssBytes} for one infant`).toBeLessThan(bytes / 4);
  }, 60_000);

  it("stop at the first write the file size limit refuses, mid-way or while putting the header in front, leaving the previous dataset and no temporary file", async () => {
    tmp = tempDir("gma-dataset-full-");
    writeFileSync(tmp.file("d.gmads"), "the previous dataset");
    // 40 infants are about 52 MB of windows; 4 MiB take three.
    const midway = await run(TSX, [MAKE_DATASET, "--out", tmp.file("d.gmads"), "--infants", "40", "--anomaly-infants", "0"], { fileSizeLimitKiB: 4096 });
    expect(midway.code, midway.stderr).toBe(EXIT_CODES.badInput);
    expect(midway.stderr).toContain(`make-dataset: Cannot write ${tmp.file("d.gmads")} (EFBIG) [OUTPUT_UNWRITABLE]`);
    expect(midway.stderr).toContain("the file size limit (ulimit -f) has no room for the dataset");
    // It stopped there rather than simulating every infant first.
    expect(midway.stderr).not.toContain("10/40 recordings");
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);

    // Room for every window but not for the header in front of them.
    const args = ["--out", tmp.file("d.gmads"), "--infants", "3", "--anomaly-infants", "0", "--duration", "4", "--stride", "3"];
    const whole = inMemoryBytes(args);
    const { count, windowSize } = readHeaderOf(whole);
    const limitKiB = Math.ceil((count * windowSize * 75 * 4) / 1024);
    expect(whole.length).toBeGreaterThan(limitKiB * 1024);
    const atHeader = await run(TSX, [MAKE_DATASET, ...args], { fileSizeLimitKiB: limitKiB });
    expect(atHeader.code, atHeader.stderr).toBe(EXIT_CODES.badInput);
    expect(atHeader.stderr).toContain("3/3 recordings");
    expect(atHeader.stderr).toContain("putting the header in front of");
    expect(atHeader.stderr).toContain("(EFBIG) [OUTPUT_UNWRITABLE]");
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);
    expect(readFileSync(tmp.file("d.gmads"), "utf8")).toBe("the previous dataset");
  }, 60_000);

  it("stop on Ctrl-C and SIGTERM (gma) and SIGTERM (make-dataset.ts) at the next infant, exit 130 and leave the previous dataset and no temporary file", async () => {
    tmp = tempDir("gma-dataset-signal-");
    writeFileSync(tmp.file("d.gmads"), "the previous dataset");
    // About 3 minutes of simulation were it not stopped. Signalled directly (the gma bin, node
    // with the tsx loader), not through the tsx wrapper, which kills a child outright when it
    // has not taken the signal within 60 ms, as while it simulates an infant.
    const many = ["--out", tmp.file("d.gmads"), "--infants", "3000", "--anomaly-infants", "0"];
    const gma = await run(process.execPath, [GMA_BIN, "dataset", "make", ...many], { onStart: (child) => void temporaryFileAppears(tmp.dir).then(() => child.kill("SIGINT")) });
    expect(gma.code, gma.stderr).toBe(EXIT_CODES.interrupted);
    expect(gma.stderr).toContain("gma: Interrupted");
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);

    const terminated = await run(process.execPath, [GMA_BIN, "dataset", "make", ...many], { onStart: (child) => void temporaryFileAppears(tmp.dir).then(() => child.kill("SIGTERM")) });
    expect(terminated.code, terminated.stderr).toBe(EXIT_CODES.interrupted);
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);

    const script = await run(process.execPath, ["--import", "tsx", MAKE_DATASET, ...many], { onStart: (child) => void temporaryFileAppears(tmp.dir).then(() => child.kill("SIGTERM")) });
    expect(script.code, script.stderr).toBe(EXIT_CODES.interrupted);
    expect(script.stderr).toContain("make-dataset: Interrupted");
    expect(readdirSync(tmp.dir)).toEqual(["d.gmads"]);
    expect(readFileSync(tmp.file("d.gmads"), "utf8")).toBe("the previous dataset");
  }, 60_000);

  it("removes the temporary file a run killed outright left behind at the next run for the same file, and keeps one whose writer still runs", async () => {
    tmp = tempDir("gma-dataset-killed-");
    const killed = await run(process.execPath, ["--import", "tsx", MAKE_DATASET, "--out", tmp.file("d.gmads"), "--infants", "3000", "--anomaly-infants", "0"], {
      onStart: (child) => void temporaryFileAppears(tmp.dir).then(() => child.kill("SIGKILL")),
    });
    expect(killed.signal).toBe("SIGKILL");
    const [left] = readdirSync(tmp.dir);
    expect(left).toMatch(/^\.d\.gmads\.\d+\.tmp$/);
    // The process that started this test runs: a file named for it is a live writer's.
    const live = `.d.gmads.${process.ppid}.tmp`;
    writeFileSync(tmp.file(live), "being written");
    writeFileSync(tmp.file(".other.gmads.1.tmp"), "another file's");
    const next = await runGmaInProcess(["dataset", "make", "--out", tmp.file("d.gmads"), "--infants", "1", "--anomaly-infants", "0", "--duration", "2"]);
    expect(next.code, next.stderr).toBe(EXIT_CODES.ok);
    expect(readdirSync(tmp.dir).sort()).toEqual([live, ".other.gmads.1.tmp", "d.gmads"].sort());
  }, 60_000);
});

function readHeaderOf(bytes: Buffer): DatasetHeader {
  return JSON.parse(bytes.toString("utf8", 12, 12 + bytes.readUInt32LE(8))) as DatasetHeader;
}
