import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeVideo, openVideo, type OpenVideoOptions } from "../../src/video";
import { ClipDir } from "./clips";

let clips: ClipDir;
beforeEach(() => {
  clips = new ClipDir();
});
afterEach(() => clips.remove());

/** Decodes `bytes` as an upload (spooled to a temp dir inside the test's directory) and returns the error code. */
async function codeOf(bytes: Uint8Array, options: OpenVideoOptions = {}): Promise<string> {
  let frames = 0;
  try {
    for await (const _ of decodeVideo(bytes, { ...options, tempDir: clips.dir })) frames++;
  } catch (error) {
    const e = error as { code?: string; hint?: string; message: string };
    expect(e.hint, "every bad-input error says what to do").toBeTruthy();
    return e.code ?? `untyped: ${e.message}`;
  } finally {
    // Temporary files are gone on every path, success or failure.
    expect(clips.entries().filter((e) => e.startsWith("gma-video-"))).toEqual([]);
  }
  return `no error after ${frames} frames`;
}

const read = (file: string): Uint8Array => new Uint8Array(readFileSync(file));

describe("bad input", () => {
  it("calls a text file renamed .mp4 NOT_A_VIDEO", async () => {
    writeFileSync(clips.path("notes.mp4"), "these are my notes, not a video\n".repeat(20));
    expect(await codeOf(read(clips.path("notes.mp4")))).toBe("NOT_A_VIDEO");
  });

  it("calls a path that is a directory or names no file NOT_A_VIDEO, not a raw fs error", async () => {
    for (const file of [clips.dir, clips.path("missing.mp4")]) {
      const error = (await openVideo(file).then(
        () => undefined,
        (e: unknown) => e,
      )) as { code?: string; hint?: string } | undefined;
      expect(error?.code, file).toBe("NOT_A_VIDEO");
      expect(error?.hint).toMatch(/readable video file/);
    }
  });

  it("calls a still image NOT_A_VIDEO", async () => {
    const png = clips.make("still.png", ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1"]);
    expect(await codeOf(read(png))).toBe("NOT_A_VIDEO");
  });

  it("calls an audio-only file NOT_A_VIDEO", async () => {
    const audio = clips.make("tone.m4a", ["-f", "lavfi", "-i", "sine=duration=1"]);
    expect(await codeOf(read(audio))).toBe("NOT_A_VIDEO");
  });

  it("calls an mp4 cut short before its index VIDEO_CORRUPT", async () => {
    const whole = read(clips.testsrc("a.mp4", { size: "320x240", seconds: 4 }));
    expect(await codeOf(whole.subarray(0, whole.length >> 1))).toBe("VIDEO_CORRUPT");
  });

  it("calls a streamable mp4 that breaks off half way VIDEO_CORRUPT", async () => {
    const whole = read(clips.testsrc("a.mp4", { size: "320x240", seconds: 4, extra: ["-movflags", "+faststart"] }));
    expect(await codeOf(whole.subarray(0, whole.length >> 1))).toBe("VIDEO_CORRUPT");
  });

  it("calls a container without frames VIDEO_EMPTY, and an empty file too", async () => {
    const empty = clips.make("empty.mp4", ["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "0"]);
    expect(await codeOf(read(empty))).toBe("VIDEO_EMPTY");
    expect(await codeOf(new Uint8Array(0))).toBe("VIDEO_EMPTY");
  });

  it("calls a stream in an unknown codec UNSUPPORTED_CODEC", async () => {
    const avi = clips.make("a.avi", ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "1", "-c:v", "mpeg4"]);
    const bytes = Buffer.from(read(avi));
    // Rename the codec's fourcc so no decoder claims it.
    let at = bytes.indexOf("FMP4");
    while (at >= 0) {
      bytes.write("QQQQ", at);
      at = bytes.indexOf("FMP4", at + 4);
    }
    expect(await codeOf(new Uint8Array(bytes))).toBe("UNSUPPORTED_CODEC");
  });

  it("calls a video longer than maxDurationS VIDEO_TOO_LONG", async () => {
    const bytes = read(clips.testsrc("a.mp4", { seconds: 3 }));
    expect(await codeOf(bytes, { limits: { maxDurationS: 2 } })).toBe("VIDEO_TOO_LONG");
    expect(await codeOf(bytes, { limits: { maxDurationS: 4 } })).toBe("no error after 75 frames");
  });

  it("calls a file over maxBytes or frames over maxWidth VIDEO_TOO_LARGE", async () => {
    const bytes = read(clips.testsrc("a.mp4", { size: "320x240", seconds: 1 }));
    expect(await codeOf(bytes, { limits: { maxBytes: bytes.length - 1 } })).toBe("VIDEO_TOO_LARGE");
    expect(await codeOf(bytes, { limits: { maxWidth: 319 } })).toBe("VIDEO_TOO_LARGE");
  });

  it("stops spooling an upload as soon as it passes maxBytes", async () => {
    let served = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        served += 65536;
        yield new Uint8Array(65536);
      }
    }
    let code = "";
    try {
      for await (const _ of decodeVideo(endless(), { tempDir: clips.dir, limits: { maxBytes: 1_000_000 } })) break;
    } catch (error) {
      code = (error as { code: string }).code;
    }
    expect(code).toBe("VIDEO_TOO_LARGE");
    expect(served).toBeLessThanOrEqual(1_000_000 + 65536);
    expect(clips.entries().filter((e) => e.startsWith("gma-video-"))).toEqual([]);
  });

  it("checks a file given by path against maxBytes before probing it", async () => {
    const file = clips.testsrc("a.mp4", { seconds: 1 });
    copyFileSync(file, clips.path("b.mp4"));
    await expect(decodeVideo(clips.path("b.mp4"), { limits: { maxBytes: 10 } }).next()).rejects.toMatchObject({ code: "VIDEO_TOO_LARGE" });
  });
});
