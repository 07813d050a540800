import { describe, expect, it } from "vitest";
import { decodeKeypoints, encodeKeypoints, keypointCompressionReport, readKeypointHeader, type JointSequence } from "../../src/skeleton";

/** A smooth movement over `frames` frames with some missing joints, like tracked pose output. */
function movement(frames: number, seed = 1): JointSequence {
  const data = new Float32Array(frames * 75);
  for (let f = 0; f < frames; f++) {
    for (let j = 0; j < 25; j++) {
      for (let a = 0; a < 3; a++) data[f * 75 + j * 3 + a] = 0.5 + 0.3 * Math.sin(f / 12 + j * 0.7 + a * seed) + 0.01 * Math.cos(f * 1.7 + j);
    }
  }
  for (let f = 10; f < 14; f++) data.fill(NaN, f * 75 + 21, f * 75 + 24);
  return { fps: 25, frameCount: frames, data };
}

describe("keypoint codec", () => {
  it("round-trips within the stated error bound and keeps NaN, fps and frame count", () => {
    const seq = movement(500);
    const bytes = encodeKeypoints(seq);
    const { errorBound, min, step } = readKeypointHeader(bytes);
    let range = 0;
    for (const v of seq.data) if (!Number.isNaN(v)) range = Math.max(range, v - min);
    expect(errorBound).toBeCloseTo(range / 65534 / 2, 12);
    expect(step).toBeGreaterThan(0);
    const back = decodeKeypoints(bytes);
    expect([back.fps, back.frameCount, back.data.length]).toEqual([25, 500, seq.data.length]);
    let worst = 0;
    for (let i = 0; i < seq.data.length; i++) {
      const a = seq.data[i]!;
      const b = back.data[i]!;
      expect(Number.isNaN(b)).toBe(Number.isNaN(a));
      if (!Number.isNaN(a)) worst = Math.max(worst, Math.abs(a - b));
    }
    // float32 storage of the decoded value adds at most half an ulp near 1.
    expect(worst).toBeLessThanOrEqual(errorBound + 6e-8);
    expect(worst).toBeGreaterThan(0);
  });

  it("stores timestamps exactly and handles an all-missing or constant sequence", () => {
    const seq: JointSequence = { fps: 30, frameCount: 2, data: new Float32Array(150).fill(NaN), timestampsMs: Float64Array.of(33.3333, 66.6667) };
    const back = decodeKeypoints(encodeKeypoints(seq));
    expect(Array.from(back.timestampsMs!)).toEqual([33.3333, 66.6667]);
    expect(Array.from(back.data).every(Number.isNaN)).toBe(true);
    const constant = decodeKeypoints(encodeKeypoints({ fps: 25, frameCount: 1, data: new Float32Array(75).fill(0.25) }));
    expect(Array.from(constant.data).every((v) => v === 0.25)).toBe(true);
  });

  it("rejects a file that is not its format, a newer version or a damaged payload with KEYPOINTS_INVALID", () => {
    const bytes = encodeKeypoints(movement(20));
    expect(() => decodeKeypoints(new TextEncoder().encode('{"format":"joints-25"}'.padEnd(64)))).toThrow(/GMAK signature/);
    const newer = bytes.slice();
    newer[4] = 2;
    expect(() => decodeKeypoints(newer)).toThrow(/version 2 is not supported/);
    const damaged = bytes.slice(0, bytes.length - 10);
    expect(() => decodeKeypoints(damaged)).toThrowError(expect.objectContaining({ code: "KEYPOINTS_INVALID" }));
  });

  it("is several times smaller than the same keypoints as JSON", () => {
    const report = keypointCompressionReport(movement(1500));
    expect(report.jsonBytes).toBeGreaterThan(report.binaryBytes);
    expect(report.ratio).toBeCloseTo(report.jsonBytes / report.binaryBytes, 9);
    expect(report.ratio).toBeGreaterThan(4);
  });
});
