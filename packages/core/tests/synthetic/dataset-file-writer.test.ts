import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetBuilder, DatasetFileWriter, buildDataset, encodeDataset, readDataset, simulateInfant, syntheticRecordings, writeDatasetFile, type DatasetRecordings } from "../../src/synthetic";

describe("DatasetFileWriter", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gma-dataset-writer-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes byte for byte what encodeDataset writes for the same simulated infants, with and without dropouts, leaving only the file", async () => {
    const cases = [
      { seed: 4, infantsPerClass: { fidgety: 2, writhing: 1, "cramped-synchronised": 1, "hemi-asymmetry": 1 }, durationS: 3, stride: 4 },
      { seed: 0, infantsPerClass: { writhing: 2 }, durationS: 5, dropouts: false },
      { seed: 7, infantsPerClass: { "poor-repertoire": 1 }, durationS: 2, windowSize: 12, stride: 9 },
      // About 34 MB of windows: moved behind the header in several 8 MiB chunks, the last a partial one.
      { seed: 2, infantsPerClass: { fidgety: 8 }, durationS: 20 },
    ];
    for (const [i, options] of cases.entries()) {
      const path = join(dir, `d${i}.gmads`);
      const header = await writeDatasetFile(path, syntheticRecordings(options));
      const expected = encodeDataset(buildDataset(syntheticRecordings(options)));
      expect(Buffer.compare(readFileSync(path), expected), JSON.stringify(options)).toBe(0);
      expect(header).toEqual(readDataset(path).header);
    }
    expect(readdirSync(dir).sort()).toEqual(["d0.gmads", "d1.gmads", "d2.gmads", "d3.gmads"]);
  });

  it("writes a recording with no window and a dataset of none as encodeDataset does, and refuses a sequence of another frame rate without writing it", async () => {
    const sim = (seed: number, durationS: number) => simulateInfant({ seed, movementClass: "fidgety", durationS, ageWeeks: 12 }).sequence;
    const meta = (source: string) => ({ className: "imported", label: "normal" as const, ageWeeks: 11.5, source });
    const builder = new DatasetBuilder({ synthetic: false, prepare: { stride: 3 } });
    const writer = await DatasetFileWriter.create(join(dir, "mixed.gmads"), { synthetic: false, prepare: { stride: 3 } });
    // One second is 25 frames: fewer than one 30-frame window.
    for (const [seq, source] of [[sim(1, 4), "a"], [sim(2, 1), "short"], [sim(3, 3), "b"]] as const) {
      builder.addSequence(seq, meta(source));
      await writer.addSequence(seq, meta(source));
    }
    const at30 = simulateInfant({ seed: 5, movementClass: "fidgety", durationS: 2, fps: 30 }).sequence;
    await expect(writer.addSequence(at30, meta("30 fps"))).rejects.toThrow(/same fps: got 30 after 25/);
    expect(writer.count).toBe(builder.count);
    await writer.close();
    expect(builder.build().header.infants.map((i) => i.windows)).toContain(0);
    expect(Buffer.compare(readFileSync(join(dir, "mixed.gmads")), encodeDataset(builder.build()))).toBe(0);

    const none = await DatasetFileWriter.create(join(dir, "none.gmads"));
    await none.close();
    expect(Buffer.compare(readFileSync(join(dir, "none.gmads")), encodeDataset(new DatasetBuilder().build()))).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["mixed.gmads", "none.gmads"]);
  });

  it("stops at the next recording when aborted, removes its temporary file and leaves an existing file as it was", async () => {
    const path = join(dir, "d.gmads");
    writeFileSync(path, "the previous dataset");
    const controller = new AbortController();
    const simulated: number[] = [];
    const source = syntheticRecordings({ seed: 1, infantsPerClass: { fidgety: 6 }, durationS: 3 });
    const counted: DatasetRecordings = {
      ...source,
      *recordings() {
        for (const recording of source.recordings()) {
          simulated.push(simulated.length);
          yield recording;
        }
      },
    };
    const run = writeDatasetFile(path, counted, {
      signal: controller.signal,
      onProgress: (done) => {
        expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.d\.gmads\.\d+\.tmp$/), "d.gmads"]);
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(simulated.length).toBe(2);
    expect(readdirSync(dir)).toEqual(["d.gmads"]);
    expect(readFileSync(path, "utf8")).toBe("the previous dataset");
  });

  it("removes its temporary file when a recording fails mid-way or when discarded, and is of no further use", async () => {
    const path = join(dir, "d.gmads");
    writeFileSync(path, "the previous dataset");
    const failing: DatasetRecordings = {
      options: { synthetic: false },
      total: 2,
      *recordings() {
        yield { sequence: simulateInfant({ seed: 1, movementClass: "fidgety", durationS: 3 }).sequence, meta: { className: "imported", label: "normal", ageWeeks: 12, source: "first" } };
        throw new RangeError("the second recording cannot be read");
      },
    };
    await expect(writeDatasetFile(path, failing)).rejects.toThrow("the second recording cannot be read");
    expect(readdirSync(dir)).toEqual(["d.gmads"]);

    const writer = await DatasetFileWriter.create(path);
    await writer.addSequence(simulateInfant({ seed: 2, movementClass: "writhing", durationS: 3 }).sequence, { className: "writhing", label: "normal", ageWeeks: 4, source: 2 });
    expect(readdirSync(dir)).toHaveLength(2);
    await writer.discard();
    expect(readdirSync(dir)).toEqual(["d.gmads"]);
    await expect(writer.close()).rejects.toThrow(/is discarded/);
    expect(readFileSync(path, "utf8")).toBe("the previous dataset");
  });
});
