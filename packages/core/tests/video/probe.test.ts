import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundledFfmpegPath, probeVideo, resolveFfmpeg } from "../../src/video";
import { ClipDir } from "./clips";

let clips: ClipDir;
beforeEach(() => {
  clips = new ClipDir();
});
afterEach(() => clips.remove());

describe("probeVideo", () => {
  it("reads fps, duration, size, codec and frame count from ffprobe", async () => {
    const file = clips.testsrc("a.mp4", { size: "320x240", rate: 30, seconds: 2 });
    const info = await probeVideo(file);
    expect(info).toMatchObject({ codec: "h264", width: 320, height: 240, displayWidth: 320, displayHeight: 240, rotation: 0, fps: 30, frameCountEstimate: 60, probedWith: "ffprobe" });
    expect(info.durationS).toBeCloseTo(2, 2);
    expect(info.formatName).toContain("mp4");
  });

  it("reports rotation metadata and the displayed size it implies", async () => {
    const plain = clips.testsrc("plain.mp4", { size: "64x48", rate: 10, seconds: 1 });
    const rotated = clips.make("rotated.mp4", ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90"]);
    const info = await probeVideo(rotated);
    // ffmpeg 5 stores `rotate=90` as a display matrix turning 90 degrees counter-clockwise,
    // which is 270 clockwise; the decode test checks the direction against the pixels.
    expect(info.rotation).toBe(270);
    expect([info.width, info.height, info.displayWidth, info.displayHeight]).toEqual([64, 48, 48, 64]);
  });

  it("reads the same metadata through the bundled ffmpeg's banner where there is no ffprobe", async () => {
    const bundled = bundledFfmpegPath();
    expect(bundled).not.toBeNull();
    const plain = clips.testsrc("plain.mp4", { size: "64x48", rate: 10, seconds: 1 });
    const file = clips.make("rotated.mp4", ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90"]);
    const viaProbe = await probeVideo(file);
    const viaBanner = await probeVideo(file, { binaries: { ffmpeg: bundled!, ffprobe: null, source: "bundled" } });
    expect(viaBanner.probedWith).toBe("ffmpeg");
    for (const key of ["codec", "width", "height", "rotation", "displayWidth", "displayHeight", "fps", "frameCountEstimate"] as const) {
      expect(viaBanner[key], key).toEqual(viaProbe[key]);
    }
    expect(viaBanner.durationS).toBeCloseTo(viaProbe.durationS, 1);
  });

  it("prefers the system ffmpeg and ffprobe on PATH and falls back to the bundled binary", () => {
    expect(resolveFfmpeg()).toMatchObject({ source: "system", ffprobe: expect.stringMatching(/ffprobe$/) });
    expect(resolveFfmpeg({ searchPath: clips.dir })).toMatchObject({ source: "bundled", ffprobe: null, ffmpeg: bundledFfmpegPath() });
  });
});
