import { describe, expect, it } from "vitest";
import { normalizeSequence, type JointSequence } from "../../src/skeleton";

function frameWith(points: Record<number, [number, number, number]>, fill?: [number, number, number]): Float32Array {
  const data = new Float32Array(75).fill(NaN);
  for (let j = 0; j < 25; j++) if (fill) data.set(fill, j * 3);
  for (const [j, p] of Object.entries(points)) data.set(p, Number(j) * 3);
  return data;
}

function seqOf(...frames: Float32Array[]): JointSequence {
  const data = new Float32Array(frames.length * 75);
  frames.forEach((f, i) => data.set(f, i * 75));
  return { fps: 25, frameCount: frames.length, data };
}

const joint = (s: JointSequence, f: number, j: number): number[] => Array.from(s.data.subarray(f * 75 + j * 3, f * 75 + j * 3 + 3));

describe("normalizeSequence", () => {
  it("rotates pelvis->neck onto +y, centres on the bounding box and divides by its diagonal", () => {
    // pelvis (0,0,0), neck (3,0,0): a quarter turn counter-clockwise, (x, y) -> (-y, x), maps
    // the neck to (0,3) and joint 20 at (0,-4,0) to (4,0); joint 7 lifts z to 12.
    const frame = frameWith({ 0: [0, 0, 0], 12: [3, 0, 0], 20: [0, -4, 0], 7: [0, 0, 12] });
    const out = normalizeSequence(seqOf(frame));
    // rotated points: pelvis (0,0,0), neck (0,3,0), j20 (4,0,0), j7 (0,0,12)
    // bbox x 0..4, y 0..3, z 0..12 -> centre (2, 1.5, 6), diagonal sqrt(16+9+144) = 13
    const expectClose = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expectClose(joint(out, 0, 0), [-2 / 13, -1.5 / 13, -6 / 13]);
    expectClose(joint(out, 0, 12), [-2 / 13, 1.5 / 13, -6 / 13]);
    expectClose(joint(out, 0, 20), [2 / 13, -1.5 / 13, -6 / 13]);
    expectClose(joint(out, 0, 7), [-2 / 13, -1.5 / 13, 6 / 13]);
    expect(joint(out, 0, 5).every(Number.isNaN)).toBe(true);
  });

  it("gives the same result for a translated, scaled and in-plane rotated copy of a body", () => {
    const base = new Float32Array(75);
    for (let j = 0; j < 25; j++) base.set([Math.sin(j * 1.3), Math.cos(j * 0.7) + j * 0.05, 0.1 * j], j * 3);
    const moved = new Float32Array(75);
    const a = 0.7;
    for (let j = 0; j < 25; j++) {
      const [x, y, z] = [base[j * 3]!, base[j * 3 + 1]!, base[j * 3 + 2]!];
      moved.set([2.5 * (x * Math.cos(a) - y * Math.sin(a)) + 10, 2.5 * (x * Math.sin(a) + y * Math.cos(a)) - 4, 2.5 * z + 1], j * 3);
    }
    const out = normalizeSequence(seqOf(base, moved));
    for (let i = 0; i < 75; i++) expect(out.data[75 + i]).toBeCloseTo(out.data[i]!, 5);
  });

  it("puts the neck straight above the pelvis, leaves the bounding box centred and the diagonal 1", () => {
    const frame = new Float32Array(75);
    for (let j = 0; j < 25; j++) frame.set([(j * 7) % 5, (j * 3) % 11, (j % 4) - 2], j * 3);
    const out = normalizeSequence(seqOf(frame));
    const pelvis = joint(out, 0, 0);
    const neck = joint(out, 0, 12);
    expect(neck[0]! - pelvis[0]!).toBeCloseTo(0, 6);
    expect(neck[1]! - pelvis[1]!).toBeGreaterThan(0);
    const min = [0, 1, 2].map((a) => Math.min(...Array.from({ length: 25 }, (_, j) => out.data[j * 3 + a]!)));
    const max = [0, 1, 2].map((a) => Math.max(...Array.from({ length: 25 }, (_, j) => out.data[j * 3 + a]!)));
    [0, 1, 2].forEach((a) => expect(min[a]! + max[a]!).toBeCloseTo(0, 6));
    expect(Math.hypot(...[0, 1, 2].map((a) => max[a]! - min[a]!))).toBeCloseTo(1, 6);
  });

  it("borrows the rotation of the previous frame when pelvis or neck is missing", () => {
    const withTrunk = frameWith({ 0: [0, 0, 0], 12: [1, 0, 0], 20: [0, 2, 0] });
    const noNeck = frameWith({ 0: [0, 0, 0], 20: [0, 2, 0] });
    const out = normalizeSequence(seqOf(withTrunk, noNeck));
    // The previous frame's rotation, (x, y) -> (-y, x), takes (0,2) to (-2,0); without it the
    // joint would stay straight above the pelvis.
    const j20 = joint(out, 1, 20);
    const pelvis = joint(out, 1, 0);
    expect(j20[0]! - pelvis[0]!).toBeLessThan(0);
    expect(j20[1]! - pelvis[1]!).toBeCloseTo(0, 6);
  });

  it("returns an all-missing frame when the frame has no valid joint or a zero-size bounding box", () => {
    const empty = new Float32Array(75).fill(NaN);
    const point = frameWith({ 3: [1, 1, 1] });
    const out = normalizeSequence(seqOf(empty, point));
    expect(Array.from(out.data).every(Number.isNaN)).toBe(true);
  });
});
