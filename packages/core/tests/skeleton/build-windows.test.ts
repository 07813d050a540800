import { describe, expect, it } from "vitest";
import { buildWindows, prepareWindows, type JointSequence } from "../../src/skeleton";

/** frameCount frames; every value of frame f is f + value index / 1000 (distinct per frame). */
function sequence(frameCount: number, gapFrames: number[] = []): JointSequence {
  const data = new Float32Array(frameCount * 75);
  for (let f = 0; f < frameCount; f++) for (let i = 0; i < 75; i++) data[f * 75 + i] = f + i / 1000;
  for (const g of gapFrames) data.fill(NaN, g * 75, g * 75 + 16 * 3);
  return { fps: 25, frameCount, data };
}

describe("buildWindows", () => {
  it("cuts every 30-frame window at stride 1 and copies the frames exactly", () => {
    const seq = sequence(35);
    const w = buildWindows(seq);
    expect(w.count).toBe(6);
    expect(w.windows).toBeInstanceOf(Float32Array);
    expect(w.windows.length).toBe(6 * 30 * 75);
    expect(Array.from(w.startFrames)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(w.windows.subarray(3 * 2250, 4 * 2250))).toEqual(Array.from(seq.data.subarray(3 * 75, 33 * 75)));
  });

  it("never lets a window span a gap and restarts the stride after it", () => {
    const w = buildWindows(sequence(80, [33]), { windowSize: 10, stride: 10 });
    expect(Array.from(w.startFrames)).toEqual([0, 10, 20, 34, 44, 54, 64]);
  });

  it("returns no window when no run of good frames is long enough", () => {
    const w = buildWindows(sequence(59, [29]));
    expect(w.count).toBe(0);
    expect(w.windows.length).toBe(0);
  });

  it("writes a joint still missing in a good frame as 0", () => {
    const seq = sequence(30);
    seq.data.fill(NaN, 5 * 75, 5 * 75 + 3);
    const w = buildWindows(seq);
    expect(w.count).toBe(1);
    expect(w.windows[5 * 75]).toBe(0);
    expect(Array.from(w.windows).every(Number.isFinite)).toBe(true);
  });

  it("reports each window's true start time when the sequence has timestamps", () => {
    const seq = { ...sequence(32), timestampsMs: Float64Array.from({ length: 32 }, (_, i) => 1000 + i * 40) };
    expect(Array.from(buildWindows(seq).startTimesMs!)).toEqual([1000, 1040, 1080]);
  });

  it("rejects a zero stride and a fractional window size", () => {
    expect(() => buildWindows(sequence(40), { stride: 0 })).toThrow(/stride/);
    expect(() => buildWindows(sequence(40), { windowSize: 2.5 })).toThrow(/windowSize/);
  });
});

describe("prepareWindows", () => {
  it("cleans, normalises and windows a sequence into finite float32 windows around the origin", () => {
    const seq = sequence(40, [35]);
    const w = prepareWindows(seq, { stride: 2 });
    expect(Array.from(w.startFrames)).toEqual([0, 2, 4]);
    expect(Array.from(w.windows).every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
  });
});
