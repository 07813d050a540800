import { deflateSync, inflateSync } from "node:zlib";
import { encodeKeypoints, JOINT_NAMES_25, KEYPOINT_COORDINATE_RANGE, simulateInfant, SKELETON_BONES_25, type JointSequence } from "@gma/core";
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

/** A short simulated recording with true frame times, as a decoded video gives. */
function recording(): JointSequence {
  const seq = simulateInfant({ seed: 6, movementClass: "fidgety", durationS: 1, ageWeeks: 12 }).sequence;
  return { ...seq, timestampsMs: Float64Array.from({ length: seq.frameCount }, (_, f) => f * 40) };
}

/** @gma/core's encoding of `seq` with header fields overwritten (offsets of the format table). */
function withHeader(seq: JointSequence, edit: (view: DataView) => void): ArrayBuffer {
  const buffer = encoded(seq);
  edit(new DataView(buffer));
  return buffer;
}

/** @gma/core's encoding of `seq` with its inflated payload changed and compressed again. */
function withPayload(seq: JointSequence, edit: (raw: Uint8Array) => Uint8Array): ArrayBuffer {
  const bytes = new Uint8Array(encoded(seq));
  const payload = deflateSync(edit(new Uint8Array(inflateSync(bytes.subarray(40)))));
  const out = new Uint8Array(40 + payload.length);
  out.set(bytes.subarray(0, 40));
  out.set(payload, 40);
  return out.buffer;
}

/** The ReplayFormatError decoding `buffer` fails with. */
async function refusal(buffer: ArrayBuffer): Promise<ReplayFormatError> {
  const error: unknown = await decodeReplaySequence(buffer, { joints: JOINTS_HEADER }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReplayFormatError);
  return error as ReplayFormatError;
}

const RERUN = "Re-run the analysis to store the sequence again: delete this analysis and analyse the recording anew.";
const RELOAD = `Reload the page to download it again; if this message stays, the stored file is damaged. ${RERUN}`;

describe("decodeReplaySequence on damaged sequences (held to @gma/core's decoder's standard)", () => {
  it("refuses a header whose frame rate, joint count or value range the encoder never writes, saying to re-run the analysis", async () => {
    const seq = recording();
    const cases: [(view: DataView) => void, string][] = [
      [(v) => v.setFloat64(24, Number.NaN, true), "its value range (minimum NaN, step"],
      [(v) => v.setFloat64(24, Number.NEGATIVE_INFINITY, true), "its value range (minimum -Infinity, step"],
      [(v) => v.setFloat64(32, 0, true), "step 0) is not a finite range with a positive step"],
      [(v) => v.setFloat64(32, -1e-5, true), "step -0.00001) is not a finite range with a positive step"],
      [(v) => v.setFloat64(32, Number.POSITIVE_INFINITY, true), "step Infinity) is not a finite range with a positive step"],
      [(v) => v.setFloat64(8, Number.POSITIVE_INFINITY, true), "its frame rate is Infinity (expected a positive number of frames per second)"],
      [(v) => v.setFloat64(8, 0, true), "its frame rate is 0 (expected a positive number of frames per second)"],
      [(v) => v.setUint16(6, 0, true), "it names no joints per frame"],
    ];
    for (const [edit, detail] of cases) {
      const error = await refusal(withHeader(seq, edit));
      expect(error.message, detail).toMatch(/^The joint sequence's header is damaged: /);
      expect(error.message, detail).toContain(detail);
      expect(error.message.endsWith(RERUN), detail).toBe(true);
    }
    // Coordinates below zero are coordinates all the same: a negative minimum is no damage.
    const data = Float32Array.from(seq.data, (v) => v - 5);
    const shifted = await decodeReplaySequence(encoded({ ...seq, data }));
    expect(shifted.data[0]).toBeCloseTo(data[0]!, 3);
  });

  it("refuses a frame count its data cannot hold, or that its data exceeds, before drawing anything", async () => {
    const seq = recording();
    const compressed = encoded(seq).byteLength - 40;
    const huge = await refusal(withHeader(seq, (v) => v.setUint32(16, 0xffffffff, true)));
    expect(huge.message).toBe(
      `The joint sequence is cut off or its header damaged: its header promises 4294967295 frames (${(150 + 8) * 0xffffffff} bytes of joint data), more than its ${compressed} bytes of compressed data can hold. ${RELOAD}`,
    );
    const expected = (150 + 8) * seq.frameCount;
    const oneMore = await refusal(withHeader(seq, (v) => v.setUint32(16, seq.frameCount + 1, true)));
    expect(oneMore.message).toBe(`The joint sequence is cut off or damaged: its header promises ${seq.frameCount + 1} frames (${expected + 158} bytes of joint data), but it holds only ${expected}. ${RELOAD}`);
    const oneLess = await refusal(withHeader(seq, (v) => v.setUint32(16, seq.frameCount - 1, true)));
    expect(oneLess.message).toBe(`The joint sequence is damaged: its header promises ${seq.frameCount - 1} frames (${expected - 158} bytes of joint data), but it holds more. ${RERUN}`);
  });

  it("says a download cut off in its header or its data is cut off, with how much of the data arrived, and to reload", async () => {
    const good = new Uint8Array(encoded(recording()));
    const header = await refusal(good.slice(0, 25).buffer);
    expect(header.message).toBe(`The joint sequence is cut off: its header takes 40 bytes, the download holds 25. ${RELOAD}`);
    const data = await refusal(good.slice(0, 40 + Math.floor((good.length - 40) / 2)).buffer);
    expect(data.message).toMatch(/^The joint sequence is cut off or damaged: its header promises 25 frames \(3950 bytes of joint data\), and only \d+ of them could be read\. /);
    expect(data.message).toContain(RELOAD);
    const none = await refusal(good.slice(0, 45).buffer);
    expect(none.message).toBe(`The joint sequence is cut off or damaged: its header promises 25 frames (3950 bytes of joint data), and none of them could be read. ${RELOAD}`);
    // Cut in the last bytes: the data is there, the checksum that ends it is not.
    const checksum = await refusal(good.slice(0, good.length - 2).buffer);
    expect(checksum.message).toBe(`The joint sequence is cut off or damaged: its joint data is whole, but its last bytes (the compressed data's checksum) are missing or wrong. ${RELOAD}`);
  });

  it("refuses frame times that are not finite or do not increase, naming the frame", async () => {
    const seq = recording();
    // @gma/core's encoder refuses such times too, so they are written into an encoded payload.
    const times = (edit: (t: Float64Array) => void) =>
      withPayload(seq, (raw) => {
        const at = raw.length - 8 * seq.frameCount;
        const timestampsMs = new Float64Array(raw.slice(at).buffer);
        edit(timestampsMs);
        raw.set(new Uint8Array(timestampsMs.buffer), at);
        return raw;
      });
    expect((await refusal(times((t) => (t[3] = Number.NaN)))).message).toBe(`The joint sequence is damaged: frame 3's time is NaN (expected a finite number of milliseconds). ${RERUN}`);
    expect((await refusal(times((t) => (t[0] = Number.NEGATIVE_INFINITY)))).message).toContain("frame 0's time is -Infinity");
    expect((await refusal(times((t) => (t[5] = t[4]!)))).message).toBe(`The joint sequence is damaged: frame 5's time (160 ms) does not come after frame 4's (160 ms). ${RERUN}`);
    expect((await refusal(times((t) => (t[7] = 10)))).message).toContain("frame 7's time (10 ms) does not come after frame 6's (240 ms)");
    // The same through a payload whose frame times were damaged after encoding.
    const damaged = withPayload(seq, (raw) => {
      new DataView(raw.buffer, raw.byteOffset).setFloat64(raw.length - 8, Number.POSITIVE_INFINITY, true);
      return raw;
    });
    expect((await refusal(damaged)).message).toContain(`frame ${seq.frameCount - 1}'s time is Infinity`);
  });

  it("refuses decoded coordinates beyond the range @gma/core accepts, naming frame, joint and axis", async () => {
    const seq = recording();
    // A step 1e9 times too large puts the largest code of every channel near 1e6 x 65534 x 1e3.
    const step = await refusal(withHeader(seq, (v) => v.setFloat64(32, v.getFloat64(32, true) * 1e9, true)));
    expect(step.message).toMatch(/^The joint sequence is damaged: it holds -?[\d.e+]+ at frame \d+, \w+ [xyz]; /);
    expect(step.message).toContain(`a coordinate must be ${KEYPOINT_COORDINATE_RANGE}. ${RERUN}`);
    const min = await refusal(withHeader(seq, (v) => v.setFloat64(24, 1e30, true)));
    expect(min.message).toContain(`The joint sequence is damaged: it holds 1e+30 at frame 0, ${JOINT_NAMES_25[0]} x;`);
    // Just inside the range is read.
    const edge = Float32Array.from(seq.data);
    edge[0] = 1e6;
    edge[1] = -1e6;
    const decoded = await decodeReplaySequence(encoded({ ...seq, data: edge }));
    expect(decoded.data[0]).toBe(1e6);
  });
});
