import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FrameStream, decodeVideo, openVideo, probeVideo, type VideoFrame } from "../../src/video";
import { ClipDir } from "./clips";

let clips: ClipDir;
beforeEach(() => {
  clips = new ClipDir();
});
afterEach(() => clips.remove());

async function collect(frames: AsyncIterable<VideoFrame>): Promise<VideoFrame[]> {
  const out: VideoFrame[] = [];
  for await (const f of frames) out.push(f);
  return out;
}

/**
 * A lossless 32x32 grey clip whose frame n has luma 30 + 10 n, so a decoded frame tells which
 * source frame it shows; `pts` is the source frame's time in seconds as an ffmpeg expression of N.
 */
function numberedClip(name: string, frames: number, pts: string): string {
  return clips.make(name, [
    "-f", "lavfi", "-i", `color=c=black:size=32x32:rate=10,geq=lum='30+10*N':cb=128:cr=128`,
    "-frames:v", String(frames), "-vf", `setpts='(${pts})/TB'`, "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p",
  ]);
}

/** Which source frame a decoded frame shows (inverts the limited-range luma of numberedClip). */
function sourceFrameOf(frame: VideoFrame): number {
  const centre = ((frame.height >> 1) * frame.width + (frame.width >> 1)) * 3;
  const full = frame.data[centre]!;
  return Math.round(((full * 219) / 255 + 16 - 30) / 10);
}

describe("FrameStream", () => {
  it("resamples a 10 fps clip to 25 fps and each frame shows the source picture on screen at its timestamp", async () => {
    const file = numberedClip("ten.mp4", 20, "N*0.1");
    const frames = await collect(new FrameStream(await probeVideo(file)));
    expect(frames).toHaveLength(50);
    frames.forEach((f, k) => {
      expect(f.index).toBe(k);
      expect(f.timestampMs).toBeCloseTo(k * 40, 9);
      expect([f.width, f.height, f.data.length]).toEqual([32, 32, 32 * 32 * 3]);
      // The picture on screen at t is the last source frame that started at or before t; the
      // resampler may pick its neighbour within half an output interval.
      const shown = sourceFrameOf(f);
      expect(shown * 100).toBeLessThanOrEqual(f.timestampMs + 20);
      expect((shown + 1) * 100).toBeGreaterThan(f.timestampMs - 20);
    });
  });

  it("keeps true time through a variable-frame-rate clip with a half-second hole", async () => {
    // Frames 0-4 at 0..400 ms, frames 5-9 at 1000..1400 ms; an index/fps clock would be wrong
    // for every frame after the hole.
    const file = numberedClip("vfr.mkv", 10, "N*0.1+if(gte(N,5),0.5,0)");
    const frames = await collect(new FrameStream(await probeVideo(file)));
    const at = (ms: number): number => sourceFrameOf(frames.find((f) => f.timestampMs === ms)!);
    expect(at(800)).toBe(4);
    expect(at(960)).toBe(4);
    expect(at(1040)).toBe(5);
    expect(at(1400)).toBe(9);
  });

  it("drops frames evenly when resampling 30 fps down to 25 fps", async () => {
    const file = clips.testsrc("thirty.mp4", { rate: 30, seconds: 2 });
    expect(await collect(new FrameStream(await probeVideo(file)))).toHaveLength(50);
  });

  it("decodes at a configured analysis rate and downscales to a maximum width, keeping the aspect ratio", async () => {
    const file = clips.testsrc("big.mp4", { size: "320x240", rate: 25, seconds: 1 });
    const stream = new FrameStream(await probeVideo(file), { fps: 10, maxWidth: 160 });
    const frames = await collect(stream);
    expect(frames).toHaveLength(10);
    expect(frames[3]!.timestampMs).toBe(300);
    expect([frames[0]!.width, frames[0]!.height, frames[0]!.data.length]).toEqual([160, 120, 160 * 120 * 3]);
  });

  it("applies rotation metadata: frames come out as players display them, turned clockwise by info.rotation", async () => {
    const plainFile = clips.testsrc("plain.mp4", { size: "64x48", rate: 10, seconds: 1, extra: ["-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p"] });
    const rotatedFile = clips.make("rotated.mp4", ["-i", plainFile, "-c", "copy", "-metadata:s:v:0", "rotate=90"]);
    const info = await probeVideo(rotatedFile);
    const [plain] = await collect(new FrameStream(await probeVideo(plainFile), { fps: 10 }));
    const [turned] = await collect(new FrameStream(info, { fps: 10 }));
    expect([turned!.width, turned!.height]).toEqual([48, 64]);
    // Clockwise by 270: the plain pixel (x, y) lands at (y, W - 1 - x); by 90 at (H - 1 - y, x).
    const cw = info.rotation;
    let maxDiff = 0;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const [tx, ty] = cw === 270 ? [y, 63 - x] : [47 - y, x];
        for (let c = 0; c < 3; c++) maxDiff = Math.max(maxDiff, Math.abs(plain!.data[(y * 64 + x) * 3 + c]! - turned!.data[(ty * 48 + tx) * 3 + c]!));
      }
    }
    expect(maxDiff).toBeLessThanOrEqual(2);
  });

  it("hands out a fresh buffer per frame unless asked to reuse one", async () => {
    const info = await probeVideo(clips.testsrc("a.mp4", { seconds: 1 }));
    const fresh = await collect(new FrameStream(info));
    expect(fresh[0]!.data).not.toBe(fresh[1]!.data);
    const reused = await collect(new FrameStream(info, { reuseBuffer: true }));
    expect(reused[0]!.data).toBe(reused[1]!.data);
  });

  it("rejects a non-positive fps and a tiny maximum width", async () => {
    const info = await probeVideo(clips.testsrc("a.mp4", { seconds: 1 }));
    expect(() => new FrameStream(info, { fps: 0 })).toThrow(/fps/);
    expect(() => new FrameStream(info, { maxWidth: 4 })).toThrow(/maxWidth/);
  });
});

describe("decodeVideo", () => {
  it("decodes a path, bytes or a stream alike and returns the video's metadata when done", async () => {
    const file = clips.testsrc("a.mp4", { seconds: 1 });
    const fromPath = await collect(decodeVideo(file));
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(file);
    const fromBytes = await collect(decodeVideo(new Uint8Array(bytes), { tempDir: clips.dir }));
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    const gen = decodeVideo(chunks(), { tempDir: clips.dir });
    let step = await gen.next();
    let count = 0;
    while (!step.done) {
      count++;
      step = await gen.next();
    }
    expect(fromPath).toHaveLength(25);
    expect(fromBytes).toHaveLength(25);
    expect(count).toBe(25);
    expect(step.value.codec).toBe("h264");
    expect(Buffer.from(fromBytes[7]!.data).equals(Buffer.from(fromPath[7]!.data))).toBe(true);
    expect(clips.entries().filter((e) => e.startsWith("gma-video-"))).toEqual([]);
  });

  it("keeps its spooled copy until close and removes it then", async () => {
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(clips.testsrc("a.mp4", { seconds: 1 }));
    const video = await openVideo(bytes, { tempDir: clips.dir });
    expect(clips.entries().filter((e) => e.startsWith("gma-video-"))).toHaveLength(1);
    await video.close();
    expect(clips.entries().filter((e) => e.startsWith("gma-video-"))).toEqual([]);
  });
});
