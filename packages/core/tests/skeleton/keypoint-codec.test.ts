import { deflateSync, inflateSync } from "node:zlib";
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

  it("says a file cut off mid-way is truncated, with the bytes of keypoint data its header promises and those it holds", () => {
    const seq = movement(200);
    const bytes = encodeKeypoints(seq);
    const expected = 2 * 75 * 200;
    const error = (b: Uint8Array): { code: string; message: string; hint: string } => {
      try {
        decodeKeypoints(b);
      } catch (e) {
        return e as { code: string; message: string; hint: string };
      }
      throw new Error("expected an error");
    };
    const half = error(bytes.slice(0, Math.floor(bytes.length / 2)));
    expect(half.code).toBe("KEYPOINTS_INVALID");
    expect(half.message).toMatch(new RegExp(`^The keypoint file is truncated: expected ${expected} bytes of keypoint data for its 200 frames, got (\\d+) \\(the file ends after ${Math.floor(bytes.length / 2)} bytes\\)$`));
    const got = Number(/got (\d+)/.exec(half.message)![1]);
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(expected);
    expect(half.hint).toContain("gma pose");
    expect(error(bytes.slice(0, 40)).message).toContain(`expected ${expected} bytes of keypoint data for its 200 frames, got 0`);
    expect(error(bytes.slice(0, 30)).message).toBe("The keypoint file is truncated: expected a header of 40 bytes, got 30");
    // Only the checksum missing: every value is there, but the file is still incomplete.
    expect(error(bytes.slice(0, bytes.length - 2)).message).toMatch(/^The keypoint file is truncated: its last bytes/);
  });

  it("refuses to write or read a coordinate beyond a million, naming the frame, joint and axis", () => {
    const seq = movement(20);
    seq.data[3 * 75 + 5 * 3] = 1e30;
    expect(() => encodeKeypoints(seq)).toThrowError(expect.objectContaining({ code: "KEYPOINTS_INVALID", message: expect.stringMatching(/hold 1e\+30 at frame 3, joint 5 \(\w+\) x; a coordinate must be a finite number between -1000000 and 1000000/) }));
    seq.data[3 * 75 + 5 * 3] = Number.POSITIVE_INFINITY;
    expect(() => encodeKeypoints(seq)).toThrow(/hold Infinity at frame 3, joint 5/);

    // A file another writer made (or damage) with one joint far out: zeros, and one value whose
    // code a larger step turns into 1e30.
    const data = new Float32Array(20 * 75);
    data[7 * 75 + 2 * 3 + 1] = 1;
    const bytes = encodeKeypoints({ fps: 25, frameCount: 20, data });
    new DataView(bytes.buffer).setFloat64(32, 1e30 / 65534, true);
    expect(() => decodeKeypoints(bytes)).toThrowError(expect.objectContaining({ code: "KEYPOINTS_INVALID", message: expect.stringMatching(/^The keypoint file holds 1e\+30 at frame 7, joint 2 \(\w+\) y; a coordinate must be/) }));
  });

  it("refuses a header whose frame rate or value range is not a finite positive number", () => {
    const bytes = encodeKeypoints(movement(20));
    const fps = bytes.slice();
    new DataView(fps.buffer).setFloat64(8, Number.NaN, true);
    expect(() => decodeKeypoints(fps)).toThrow(/header is corrupt: its frame rate is NaN/);
    const step = bytes.slice();
    new DataView(step.buffer).setFloat64(32, Number.POSITIVE_INFINITY, true);
    expect(() => readKeypointHeader(step)).toThrow(/header is corrupt: its value range \(min [\d.e+-]+, step Infinity\)/);
  });

  it("refuses to write or read frame times that are not finite or do not increase, naming the frame", () => {
    const seq: JointSequence = { ...movement(5), timestampsMs: Float64Array.of(0, 40, 80, 80, 160) };
    expect(() => encodeKeypoints(seq)).toThrowError(expect.objectContaining({ code: "KEYPOINTS_INVALID", message: "Keypoints to encode, frame 3: timestamps must increase (80 after 80)" }));
    seq.timestampsMs = Float64Array.of(0, 40, Number.NaN, 120, 160);
    expect(() => encodeKeypoints(seq)).toThrow(/frame 2: timestamp must be a finite number of milliseconds, got NaN/);

    // Another writer's file (or damage inside the payload): the header is sound, the times are not.
    const good = encodeKeypoints({ ...movement(5), timestampsMs: Float64Array.of(0, 40, 80, 120, 160) });
    const raw = inflateSync(good.subarray(40));
    const times = new Float64Array(raw.buffer.slice(raw.byteOffset + 2 * 5 * 75, raw.byteOffset + raw.length));
    for (const [frame, value, message] of [
      [4, 100, /^The keypoint file's frame 4: timestamps must increase \(100 after 120\)$/],
      [1, Number.POSITIVE_INFINITY, /^The keypoint file's frame 1: timestamp must be a finite number of milliseconds, got Infinity$/],
    ] as const) {
      const bad = Float64Array.from(times);
      bad[frame] = value;
      const payload = deflateSync(Buffer.concat([raw.subarray(0, 2 * 5 * 75), new Uint8Array(bad.buffer)]));
      const bytes = Buffer.concat([good.subarray(0, 40), payload]);
      expect(() => decodeKeypoints(bytes)).toThrowError(expect.objectContaining({ code: "KEYPOINTS_INVALID", message: expect.stringMatching(message), hint: expect.stringMatching(/export the keypoints again/) }));
    }
  });

  it("is several times smaller than the same keypoints as JSON", () => {
    const report = keypointCompressionReport(movement(1500));
    expect(report.jsonBytes).toBeGreaterThan(report.binaryBytes);
    expect(report.ratio).toBeCloseTo(report.jsonBytes / report.binaryBytes, 9);
    expect(report.ratio).toBeGreaterThan(4);
  });
});
