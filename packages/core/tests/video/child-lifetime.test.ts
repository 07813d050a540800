import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FrameStream, probeVideo } from "../../src/video";
import { ClipDir, isAlive, waitGone } from "./clips";

let clips: ClipDir;
let stream: FrameStream;
beforeEach(async () => {
  clips = new ClipDir();
  // Long enough that ffmpeg is still running when the consumer stops early.
  stream = new FrameStream(await probeVideo(clips.testsrc("long.mp4", { size: "320x240", seconds: 20 })));
});
afterEach(() => clips.remove());

describe("the ffmpeg child", () => {
  it("is gone once the consumer breaks out of the loop", async () => {
    let pid: number | undefined;
    for await (const _ of stream) {
      pid = stream.pid;
      break;
    }
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid!)).toBe(false);
    expect(stream.pid).toBeUndefined();
  });

  it("is gone once the consumer throws", async () => {
    let pid: number | undefined;
    await expect(
      (async () => {
        for await (const f of stream) {
          pid = stream.pid;
          if (f.index === 3) throw new Error("consumer failed");
        }
      })(),
    ).rejects.toThrow("consumer failed");
    expect(isAlive(pid!)).toBe(false);
  });

  it("is killed by an abort while the consumer waits, and iteration throws the abort reason", async () => {
    const controller = new AbortController();
    const aborted = new FrameStream(stream.info, { signal: controller.signal });
    let pid: number | undefined;
    let seen = 0;
    await expect(
      (async () => {
        for await (const _ of aborted) {
          pid = aborted.pid;
          if (++seen === 2) setTimeout(() => controller.abort(new Error("user cancelled")), 10);
          await new Promise((r) => setTimeout(r, 30));
        }
      })(),
    ).rejects.toThrow("user cancelled");
    expect(await waitGone(pid!)).toBe(true);
    expect(seen).toBeLessThan(10);
  });

  it("exits by itself after a full decode", async () => {
    const short = new FrameStream(await probeVideo(clips.testsrc("short.mp4", { seconds: 1 })));
    let pid: number | undefined;
    let n = 0;
    for await (const _ of short) {
      pid ??= short.pid;
      n++;
    }
    expect(n).toBe(25);
    expect(isAlive(pid!)).toBe(false);
  });
});

describe("memory while decoding", () => {
  it("stays flat: 500 MB of frames pass through while the frame buffers alive at once stay a small share of them", async () => {
    const big = new FrameStream(await probeVideo(clips.testsrc("big.mp4", { size: "640x480", seconds: 20 })));
    const base = process.memoryUsage();
    let peak = 0;
    let bytes = 0;
    for await (const f of big) {
      bytes += f.data.length;
      if (f.index % 10 === 0) {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers);
      }
    }
    expect(bytes).toBe(500 * 640 * 480 * 3);
    // Every frame gets its own buffer here, so the collector must be able to drop old ones:
    // the decoder keeps no reference, and ffmpeg waits while the consumer is behind.
    expect(peak).toBeLessThan(bytes / 4);
    // Encoding and decoding 20 s of 640x480 takes about 3 s alone and twice that on a busy CI
    // machine: the default 5 s timeout measured the machine, not the memory.
  }, 60_000);
});
