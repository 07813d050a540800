import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatasetBuilder, KeypointImportError, decodeDataset, encodeDataset, importKeypointText, simulateInfant } from "../../src/synthetic";

/** Writes a simulated sequence as MINI-RGBD-style per-frame files (`x y z jointId`, ids shuffled). */
function writeFrameFolder(dir: string, data: Float32Array, frames: number): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < frames; f++) {
    const lines: string[] = [];
    for (let k = 0; k < 25; k++) {
      const j = (k * 7) % 25;
      const o = f * 75 + j * 3;
      lines.push(`${data[o]} ${data[o + 1]} ${data[o + 2]} ${j}`);
    }
    writeFileSync(join(dir, `syn_joints_3D_${String(f).padStart(5, "0")}.txt`), lines.join("\n") + "\n");
  }
}

describe("importKeypointText", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gma-import-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a folder of per-frame files by joint id and frame number, keeping every value at the source rate", () => {
    const sim = simulateInfant({ seed: 4, movementClass: "fidgety", durationS: 1, fps: 30, dropouts: false });
    writeFrameFolder(join(dir, "seq"), sim.sequence.data, sim.sequence.frameCount);
    const seq = importKeypointText(join(dir, "seq"), { sourceFps: 30, targetFps: 30 });
    expect(seq.frameCount).toBe(30);
    expect(Array.from(seq.data)).toEqual(Array.from(sim.sequence.data));
  });

  it("resamples a 30 fps recording to the 25 fps analysis rate", () => {
    const sim = simulateInfant({ seed: 4, movementClass: "fidgety", durationS: 2, fps: 30, dropouts: false });
    writeFrameFolder(join(dir, "seq"), sim.sequence.data, sim.sequence.frameCount);
    const seq = importKeypointText(join(dir, "seq"));
    expect(seq.fps).toBe(25);
    expect(seq.frameCount).toBe(Math.floor(((60 - 1) / 30) * 25) + 1);
    // Frame 5 at 25 fps is 0.2 s, exactly source frame 6.
    expect(Array.from(seq.data.subarray(5 * 75, 6 * 75))).toEqual(Array.from(sim.sequence.data.subarray(6 * 75, 7 * 75)));
  });

  it("reads one frame of 75 numbers per line, with nan for missing joints, into a dataset", () => {
    const rows = Array.from({ length: 40 }, (_, f) => Array.from({ length: 75 }, (_, v) => (v === 0 && f === 3 ? "nan" : String(0.5 + 0.1 * Math.sin(f / 5 + v)))).join(" "));
    const path = join(dir, "seq.txt");
    writeFileSync(path, `# x y z of 25 joints per line\n${rows.join("\n")}\n`);
    const seq = importKeypointText(path, { sourceFps: 25 });
    expect(seq.frameCount).toBe(40);
    expect(Number.isNaN(seq.data[3 * 75])).toBe(true);
    const builder = new DatasetBuilder({ synthetic: false, prepare: { stride: 5 } });
    builder.addSequence(seq, { className: "imported", label: "normal", ageWeeks: 12, source: path });
    const ds = decodeDataset(encodeDataset(builder.build()));
    expect(ds.header.synthetic).toBe(false);
    expect(ds.header.count).toBeGreaterThan(0);
    expect(ds.windows.every(Number.isFinite)).toBe(true);
  });

  it("names the file and line of a frame with the wrong number of joints", () => {
    const sim = simulateInfant({ seed: 4, movementClass: "fidgety", durationS: 0.2, fps: 30, dropouts: false });
    writeFrameFolder(join(dir, "seq"), sim.sequence.data, sim.sequence.frameCount);
    writeFileSync(join(dir, "seq", "syn_joints_3D_00002.txt"), "0 0 0 0\n".repeat(24));
    expect(() => importKeypointText(join(dir, "seq"))).toThrow(/syn_joints_3D_00002\.txt: expected 25 joint lines, found 24/);
  });

  it("rejects a non-numeric value, a duplicated joint id and a short line with KEYPOINTS_INVALID", () => {
    const frame = (mutate: (lines: string[]) => void): string => {
      const lines = Array.from({ length: 25 }, (_, j) => `0.1 0.2 0.3 ${j}`);
      mutate(lines);
      return lines.join("\n");
    };
    const cases: [string, RegExp][] = [
      [frame((l) => (l[4] = "0.1 abc 0.3 4")), /line 5: value 2 \("abc"\) is not a number/],
      [frame((l) => (l[4] = "0.1 0.2 0.3 3")), /joint id 3 appears twice/],
      [frame((l) => (l[4] = "0.1 0.2")), /expected "x y z" or "x y z jointId", found 2 values/],
    ];
    cases.forEach(([text, message], i) => {
      mkdirSync(join(dir, `bad${i}`));
      writeFileSync(join(dir, `bad${i}`, "frame_00000.txt"), text);
      try {
        importKeypointText(join(dir, `bad${i}`));
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(KeypointImportError);
        expect((err as KeypointImportError).code).toBe("KEYPOINTS_INVALID");
        expect((err as Error).message).toMatch(message);
      }
    });
  });

  it("rejects a coordinate beyond a million, in a frame file or a one-frame-per-line file, as the analysis's importers do", () => {
    mkdirSync(join(dir, "huge"));
    const lines = Array.from({ length: 25 }, (_, j) => `0.1 0.2 0.3 ${j}`);
    lines[4] = "0.1 1e300 0.3 4";
    writeFileSync(join(dir, "huge", "frame_00000.txt"), lines.join("\n"));
    expect(() => importKeypointText(join(dir, "huge"))).toThrow(/line 5: coordinate 2 is 1e\+300; expected a finite number between -1000000 and 1000000/);
    const row = Array.from({ length: 75 }, () => "0.5");
    row[3 * 7 + 2] = "-2e6";
    writeFileSync(join(dir, "rows.txt"), `${Array.from({ length: 75 }, () => "0.5").join(" ")}\n${row.join(" ")}\n`);
    expect(() => importKeypointText(join(dir, "rows.txt"))).toThrow(/rows\.txt line 2: joint 7 z is -2000000; expected a finite number between/);
  });

  it("rejects a path that does not exist and a folder without frame files", () => {
    expect(() => importKeypointText(join(dir, "missing"))).toThrow(KeypointImportError);
    mkdirSync(join(dir, "empty"));
    expect(() => importKeypointText(join(dir, "empty"))).toThrow(/no \.txt frame files/);
  });
});

describe("simulatedKeypointsDocument", () => {
  it("writes a keypoint JSON that the skeleton importer maps back to the simulated joints", async () => {
    const { importKeypoints } = await import("../../src/skeleton");
    const { simulatedKeypointsDocument } = await import("../../src/synthetic");
    const sim = simulateInfant({ seed: 12, movementClass: "hemi-asymmetry", durationS: 2 });
    for (const format of ["mediapipe-33", "joints-25"] as const) {
      const doc = simulatedKeypointsDocument(sim, format);
      expect(doc.synthetic).toBe(true);
      const back = importKeypoints(JSON.stringify(doc));
      expect(back.format).toBe(format);
      expect(back.joints.frameCount).toBe(sim.sequence.frameCount);
      for (let i = 0; i < sim.sequence.data.length; i++) {
        const a = sim.sequence.data[i]!;
        const b = back.joints.data[i]!;
        if (Number.isNaN(a)) expect(Number.isNaN(b)).toBe(true);
        else expect(Math.abs(a - b)).toBeLessThan(2e-5);
      }
    }
  });
});
