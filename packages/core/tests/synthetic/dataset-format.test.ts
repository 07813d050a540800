import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetFormatError, decodeDataset, encodeDataset, makeSyntheticDataset, readDataset, writeDataset } from "../../src/synthetic";

describe("window dataset format", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gma-dataset-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const small = (seed: number) => makeSyntheticDataset({ seed, infantsPerClass: { fidgety: 2, "cramped-synchronised": 1 }, durationS: 3, stride: 7 });

  it("reads back exactly what it wrote: header, windows and every per-window field", () => {
    const ds = small(5);
    const path = join(dir, "d.gmads");
    writeDataset(path, ds);
    const back = readDataset(path);
    expect(back.header).toEqual(ds.header);
    expect(Array.from(back.windows)).toEqual(Array.from(ds.windows));
    expect(Array.from(back.infantIds)).toEqual(Array.from(ds.infantIds));
    expect(Array.from(back.startFrames)).toEqual(Array.from(ds.startFrames));
    expect(Array.from(back.ageWeeks)).toEqual(Array.from(ds.ageWeeks));
    expect(Array.from(back.classIndex)).toEqual(Array.from(ds.classIndex));
    expect(Array.from(back.labels)).toEqual(Array.from(ds.labels));
  });

  it("labels anomaly windows 1, normal windows 0, and lists every infant once", () => {
    const ds = small(6);
    expect(ds.header.count).toBeGreaterThan(0);
    expect(ds.header.infants).toHaveLength(3);
    expect(ds.header.synthetic).toBe(true);
    for (let i = 0; i < ds.header.count; i++) {
      const cls = ds.header.classes[ds.classIndex[i]!];
      expect(ds.labels[i]).toBe(cls === "cramped-synchronised" ? 1 : 0);
      expect(ds.header.infants[ds.infantIds[i]!]!.className).toBe(cls);
    }
  });

  it("writes byte-identical files from the same seed", () => {
    expect(Buffer.from(encodeDataset(small(9))).equals(Buffer.from(encodeDataset(small(9))))).toBe(true);
    expect(Buffer.from(encodeDataset(small(9))).equals(Buffer.from(encodeDataset(small(10))))).toBe(false);
  });

  it("keeps the window section 16-byte aligned after the padded header", () => {
    const bytes = encodeDataset(small(5));
    const headerLength = Buffer.from(bytes).readUInt32LE(8);
    expect((12 + headerLength) % 16).toBe(0);
  });

  it("rejects a file with the wrong magic, a truncated file and a corrupted label with DATASET_FORMAT_INVALID", () => {
    const bytes = Buffer.from(encodeDataset(small(5)));
    const wrongMagic = Buffer.from(bytes);
    wrongMagic.write("NOTADSET", 0, "ascii");
    expect(() => decodeDataset(wrongMagic)).toThrow(DatasetFormatError);
    const path = join(dir, "cut.gmads");
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    expect(() => readDataset(path)).toThrow(/header announces/);
    const badLabel = Buffer.from(bytes);
    badLabel[badLabel.length - 1] = 7;
    try {
      decodeDataset(badLabel);
      expect.unreachable();
    } catch (err) {
      expect((err as DatasetFormatError).code).toBe("DATASET_FORMAT_INVALID");
      expect((err as Error).message).toMatch(/label 7/);
    }
    expect(readFileSync(path).length).toBe(bytes.length - 5);
  });
});
