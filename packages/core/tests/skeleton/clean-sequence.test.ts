import { describe, expect, it } from "vitest";
import { cleanSequence, type JointSequence } from "../../src/skeleton";

/** A sequence whose every joint has coordinates (value(f), 2 * value(f), 3 * value(f)) at frame f. */
function sequence(values: number[]): JointSequence {
  const data = new Float32Array(values.length * 75);
  values.forEach((v, f) => {
    for (let j = 0; j < 25; j++) data.set([v, 2 * v, 3 * v], f * 75 + j * 3);
  });
  return { fps: 25, frameCount: values.length, data };
}

function setJoint(seq: JointSequence, frame: number, joint: number, xyz: [number, number, number]): void {
  seq.data.set(xyz, frame * 75 + joint * 3);
}

const x = (seq: JointSequence, frame: number, joint = 0): number => seq.data[frame * 75 + joint * 3]!;

describe("cleanSequence", () => {
  it("smooths each coordinate with a centred moving average over 3 frames, shrinking the window at the ends", () => {
    const out = cleanSequence(sequence([0, 3, 6, 0]));
    expect([0, 1, 2, 3].map((f) => x(out, f))).toEqual([1.5, 3, 3, 3]);
    expect(out.data[2 * 75 + 1]).toBe(6);
    expect(out.data[2 * 75 + 2]).toBe(9);
  });

  it("leaves the input sequence untouched", () => {
    const seq = sequence([0, 3, 6]);
    const before = Array.from(seq.data);
    cleanSequence(seq);
    expect(Array.from(seq.data)).toEqual(before);
  });

  it("turns a frame with fewer than 15 valid joints into a gap and never averages across it", () => {
    const seq = sequence([3, 6, 9, 12, 15]);
    for (let j = 0; j < 11; j++) setJoint(seq, 2, j, [NaN, NaN, NaN]);
    const out = cleanSequence(seq);
    expect(Array.from(out.data.subarray(150, 225)).every(Number.isNaN)).toBe(true);
    expect([0, 1, 3, 4].map((f) => x(out, f, 20))).toEqual([4.5, 4.5, 13.5, 13.5]);
  });

  it("keeps a frame with exactly 15 valid joints", () => {
    const seq = sequence([3, 3, 3]);
    for (let j = 0; j < 10; j++) setJoint(seq, 1, j, [NaN, NaN, NaN]);
    const out = cleanSequence(seq, { fillMissing: false });
    expect(x(out, 1, 20)).toBe(3);
    expect(Number.isNaN(x(out, 1, 0))).toBe(true);
  });

  it("interpolates a joint missing inside a run of good frames before smoothing", () => {
    const seq = sequence([0, 0, 0, 0, 0]);
    setJoint(seq, 0, 4, [0, 0, 0]);
    setJoint(seq, 1, 4, [NaN, NaN, NaN]);
    setJoint(seq, 2, 4, [NaN, NaN, NaN]);
    setJoint(seq, 3, 4, [6, 12, 18]);
    setJoint(seq, 4, 4, [6, 12, 18]);
    const raw = cleanSequence(seq, { smoothingWindow: 1 });
    expect([0, 1, 2, 3, 4].map((f) => x(raw, f, 4))).toEqual([0, 2, 4, 6, 6]);
    expect(raw.data[2 * 75 + 4 * 3 + 2]).toBe(12);
    const smoothed = cleanSequence(seq);
    expect(x(smoothed, 2, 4)).toBe(4);
  });

  it("holds the nearest value at the ends of a run and leaves a joint never seen in the run missing", () => {
    const seq = sequence([1, 1, 1]);
    setJoint(seq, 0, 7, [NaN, NaN, NaN]);
    setJoint(seq, 1, 7, [5, 5, 5]);
    setJoint(seq, 2, 7, [NaN, NaN, NaN]);
    for (let f = 0; f < 3; f++) setJoint(seq, f, 8, [NaN, NaN, NaN]);
    const out = cleanSequence(seq, { smoothingWindow: 1 });
    expect([0, 1, 2].map((f) => x(out, f, 7))).toEqual([5, 5, 5]);
    expect([0, 1, 2].every((f) => Number.isNaN(x(out, f, 8)))).toBe(true);
  });

  it("counts a joint with one non-finite axis as missing in all three", () => {
    const seq = sequence([1, 1, 1]);
    setJoint(seq, 1, 3, [1, Infinity, 1]);
    const out = cleanSequence(seq, { fillMissing: false, smoothingWindow: 1 });
    expect(Array.from(out.data.subarray(75 + 9, 75 + 12)).every(Number.isNaN)).toBe(true);
  });

  it("keeps fps and timestamps", () => {
    const seq = { ...sequence([1, 2]), timestampsMs: Float64Array.of(0, 40) };
    const out = cleanSequence(seq);
    expect(out.fps).toBe(25);
    expect(Array.from(out.timestampsMs!)).toEqual([0, 40]);
  });

  it("rejects an even smoothing window and a malformed sequence", () => {
    expect(() => cleanSequence(sequence([1]), { smoothingWindow: 2 })).toThrow(/odd/);
    expect(() => cleanSequence({ fps: 25, frameCount: 2, data: new Float32Array(75) })).toThrow(/150/);
  });
});
