import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_QUALITY_GATE } from "../../src/analysis";
import { EXIT_CODES } from "../../src/cli";
import { probeVideo } from "../../src/video";
import { runTsxProcess, tempDir } from "../cli/support/cli-fixtures";

// The script `npm run sample-clip` runs, run the same way (short clips: they cost a second).
const MAKE_SAMPLE_CLIP = path.resolve(import.meta.dirname, "../../src/synthetic/make-sample-clip.ts");

describe("make-sample-clip.ts", () => {
  let tmp: ReturnType<typeof tempDir>;
  afterEach(() => tmp?.remove());

  it("writes an MP4 of the adult photo at 25 fps, 548 x 342 and the length asked, into the folder npm was started in, saying it is no infant", async () => {
    tmp = tempDir("sample-clip-");
    const [named, byDefault] = await Promise.all([
      runTsxProcess(MAKE_SAMPLE_CLIP, [tmp.file("two.mp4"), "--seconds", "2"]),
      // As `npm run sample-clip` runs it from another folder: no name given.
      runTsxProcess(MAKE_SAMPLE_CLIP, ["--seconds", "1"], { env: { npm_lifecycle_event: "sample-clip", INIT_CWD: tmp.dir } }),
    ]);
    expect(named.code, named.stderr).toBe(EXIT_CODES.ok);
    expect(byDefault.code, byDefault.stderr).toBe(EXIT_CODES.ok);
    expect(named.stderr).toContain("ADULT's still photo moved by ffmpeg, not an infant, so the risk level of its analysis means nothing");
    expect(named.stderr).toContain(`warning: 2 s is shorter than the ${DEFAULT_QUALITY_GATE.minDurationS} s an analysis needs`);
    expect(named.stdout).toBe("");
    const info = await probeVideo(tmp.file("two.mp4"));
    expect(info).toMatchObject({ codec: "h264", fps: 25, displayWidth: 548, displayHeight: 342 });
    expect(info.durationS).toBeCloseTo(2, 1);
    expect((await probeVideo(tmp.file("sample.mp4"))).durationS).toBeCloseTo(1, 1);
    // Written beside and renamed: no temporary file is left.
    expect(readdirSync(tmp.dir).sort()).toEqual(["sample.mp4", "two.mp4"]);
  }, 60_000);

  it("refuses an output that is no .mp4 or in a missing folder, and a length of no seconds, with exit 2 and its code, writing nothing", async () => {
    tmp = tempDir("sample-clip-bad-");
    const cases: [string[], string][] = [
      [[tmp.file("clip.avi")], "[CLI_USAGE]"],
      [[tmp.file("no/such/clip.mp4")], "does not exist [OUTPUT_UNWRITABLE]"],
      [[tmp.file("clip.mp4"), "--seconds", "0"], '--seconds must be above 0 seconds (got "0") [CLI_USAGE]'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runTsxProcess(MAKE_SAMPLE_CLIP, args)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect(run.code, args.join(" ")).toBe(EXIT_CODES.badInput);
      expect(run.stderr, args.join(" ")).toMatch(/^sample-clip: /);
      expect(run.stderr, args.join(" ")).toContain(message);
    });
    expect(readdirSync(tmp.dir)).toEqual([]);
  }, 60_000);
});
