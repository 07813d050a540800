import { encodeKeypoints, JOINT_NAMES_25, simulateInfant, SKELETON_BONES_25, type JointSequence } from "@gma/core";
import { describe, expect, it } from "vitest";
import { decodeReplaySequence, frameAtTime, parseBones, ReplayFormatError, sequenceDurationS } from "@/lib/replay-sequence";

const JOINTS_HEADER = JOINT_NAMES_25.join(",");
const BONES_HEADER = SKELETON_BONES_25.map(([p, c]) => `${p}-${c}`).join(",");

/** The bytes as the API sends them: @gma/core's encoder, copied into a buffer of their own. */
function encoded(seq: JointSequence): ArrayBuffer {
  const bytes = encodeKeypoints(seq);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe("decodeReplaySequence (the browser's reader of @gma/core's keypoint codec)", () => {
  it("reads back a simulated infant's joints within the codec's quantisation step, missing joints as NaN", async () => {
    const seq = simulateInfant({ seed: 3, movementClass: "fidgety", durationS: 3, ageWeeks: 12 }).sequence;
    const data = Float32Array.from(seq.data);
    data.fill(Number.NaN, 10 * 75 + 20 * 3, 10 * 75 + 21 * 3);
    const original = { ...seq, data };
    const decoded = await decodeReplaySequence(encoded(original), { joints: JOINTS_HEADER, bones: BONES_HEADER });
    expect(decoded).toMatchObject({ fps: seq.fps, frameCount: seq.frameCount, jointCount: 25, timestampsMs: undefined });
    expect(decoded.joints).toEqual([...JOINT_NAMES_25]);
    expect(decoded.bones).toEqual(SKELETON_BONES_25.map((b) => [...b]));
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) if (!Number.isNaN(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const step = (max - min) / 65534;
    for (let i = 0; i < data.length; i++) {
      if (Number.isNaN(data[i]!)) expect(decoded.data[i]).toBeNaN();
      else expect(Math.abs(decoded.data[i]! - data[i]!)).toBeLessThanOrEqual(step / 2 + 1e-6);
    }
  });

  it("keeps true frame times and finds the frame shown at a time by them", async () => {
    const seq = simulateInfant({ seed: 4, movementClass: "writhing", durationS: 1, ageWeeks: 6 }).sequence;
    // Uneven frame times, as a variable-rate video gives.
    const timestampsMs = Float64Array.from({ length: seq.frameCount }, (_, f) => 500 + f * 40 + (f % 2) * 7);
    const decoded = await decodeReplaySequence(encoded({ ...seq, timestampsMs }));
    expect(Array.from(decoded.timestampsMs!)).toEqual(Array.from(timestampsMs));
    expect(frameAtTime(decoded, 0)).toBe(0);
    expect(frameAtTime(decoded, 0.547)).toBe(1);
    expect(frameAtTime(decoded, 0.546)).toBe(0);
    expect(frameAtTime(decoded, 1e6)).toBe(seq.frameCount - 1);
    expect(sequenceDurationS(decoded)).toBeCloseTo(timestampsMs.at(-1)! / 1000 + 1 / seq.fps, 9);
  });

  it("without frame times, shows frame floor(t x fps), clamped to the sequence", () => {
    const seq = { fps: 25, frameCount: 100, timestampsMs: undefined };
    expect([frameAtTime(seq, 0), frameAtTime(seq, 0.04), frameAtTime(seq, 0.079), frameAtTime(seq, -1), frameAtTime(seq, 60)]).toEqual([0, 1, 1, 0, 99]);
    expect(sequenceDurationS(seq)).toBe(4);
  });

  it("refuses bytes that are not a version-1 joint sequence, and damaged payloads", async () => {
    const good = new Uint8Array(encoded(simulateInfant({ seed: 5, movementClass: "fidgety", durationS: 1, ageWeeks: 12 }).sequence));
    const other = good.slice();
    other[4] = 2;
    const damaged = good.slice(0, good.length - 10);
    for (const bytes of [new TextEncoder().encode('{"format":"joints-25"}'), other, damaged]) {
      await expect(decodeReplaySequence(bytes.buffer as ArrayBuffer)).rejects.toThrow(ReplayFormatError);
    }
  });

  it("drops bones that name joints the sequence does not have", () => {
    expect(parseBones("0-1,1-25,x-2,3-4", 25)).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(parseBones(null, 25)).toEqual([]);
  });
});
