import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getPerformanceStats } from "../../src/perf";
import { PoseEstimator } from "../../src/pose";
import { videoToJoints, type VideoStage } from "../../src/pipeline";
import { NoPersonFoundError, TooFewPoseFramesError } from "../../src/video";
import { blankClip, ensurePoseModels, messiClip, tempDir } from "../cli/support/cli-fixtures";

describe("videoToJoints", () => {
  let modelsDir: string;
  let estimator: PoseEstimator;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
    estimator = await PoseEstimator.create({ modelsDir, variant: "lite" });
  }, 300_000);
  afterAll(async () => estimator?.release());
  afterEach(() => tmp?.remove());

  it("turns a clip of a person into 25-joint frames at 25 fps with true timestamps, pose statistics, stage progress and timings", async () => {
    tmp = tempDir("gma-v2j-");
    const clip = messiClip(tmp.file("messi.mp4"), 2, "274x172");
    const before = getPerformanceStats()["pipeline.pose.frame"]?.count ?? 0;
    const events: [VideoStage, number][] = [];
    const r = await videoToJoints(clip, { estimator, onProgress: (s, p) => events.push([s, p]) });
    expect(r.joints.fps).toBe(25);
    expect(r.joints.frameCount).toBe(50);
    expect(r.joints.data).toHaveLength(50 * 75);
    expect(r.joints.timestampsMs![10]).toBeCloseTo(400, 6);
    expect(r.stats.frameCount).toBe(50);
    expect(r.stats.validPoseFrames / r.stats.frameCount).toBeGreaterThanOrEqual(0.95);
    expect(r.stats.inFrameFrames).toBeLessThanOrEqual(r.stats.validPoseFrames);
    expect(r.stats.durationS).toBeCloseTo(2, 9);
    expect(r.info.width).toBe(274);
    // Every frame went through the timed pose call.
    expect(getPerformanceStats()["pipeline.pose.frame"]!.count - before).toBe(50);
    expect(r.timings.pose).toBeGreaterThan(0);
    expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.pose + r.timings.decode);
    for (const stage of ["decode", "pose", "skeleton"] as const) expect(events.filter(([s]) => s === stage).at(-1)).toEqual([stage, 100]);
    const pose = events.filter(([s]) => s === "pose").map(([, p]) => p);
    expect(pose).toEqual([...pose].sort((a, b) => a - b));
    expect(r.landmarks).toBeUndefined();
  }, 60_000);

  it("keeps the 33 landmarks when asked, one set per frame, consistent with the joints", async () => {
    tmp = tempDir("gma-v2j-lm-");
    const clip = messiClip(tmp.file("messi.mp4"), 1.2, "274x172");
    const r = await videoToJoints(clip, { estimator, keepLandmarks: true });
    expect(r.landmarks).toHaveLength(r.joints.frameCount * 33 * 5);
    // Joint 13 (left shoulder) is landmark 11 wherever it is visible.
    const f = 5;
    expect(r.joints.data[f * 75 + 13 * 3]).toBe(r.landmarks![f * 165 + 11 * 5]);
  }, 60_000);

  it("throws NO_PERSON_FOUND for a blank clip and leaves no spooled file behind", async () => {
    tmp = tempDir("gma-v2j-blank-");
    const clip = blankClip(tmp.file("blank.mp4"), 1);
    const spool = tempDir("gma-v2j-spool-");
    try {
      const error = await videoToJoints(readFileSync(clip), { estimator, video: { tempDir: spool.dir } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoPersonFoundError);
      expect((error as NoPersonFoundError).message).toMatch(/No person was found in any of the 25 frames/);
      expect(readdirSync(spool.dir)).toEqual([]);
    } finally {
      spool.remove();
    }
  }, 60_000);

  it("throws TOO_FEW_POSE_FRAMES when a person shows in fewer frames than one analysis needs", async () => {
    tmp = tempDir("gma-v2j-few-");
    // 2 s (50 frames) with the picture blacked out after 0.8 s: the person is in about 20.
    const clip = messiClip(tmp.file("messi.mp4"), 2, "274x172");
    const hidden = tmp.file("hidden.mp4");
    execFileSync("ffmpeg", ["-y", "-hide_banner", "-loglevel", "error", "-i", clip, "-vf", "drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='gte(t,0.8)'", "-c:v", "libx264", "-preset", "ultrafast", hidden]);
    const error = await videoToJoints(hidden, { estimator }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooFewPoseFramesError);
    expect((error as Error).message).toMatch(/in only \d+ of 50 frames; at least 30 are needed/);
  }, 60_000);

  it("throws TOO_FEW_POSE_FRAMES saying the video is too short when it holds fewer frames than one analysis needs", async () => {
    tmp = tempDir("gma-v2j-short-");
    const clip = messiClip(tmp.file("messi.mp4"), 0.8, "274x172");
    const error = await videoToJoints(clip, { estimator }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooFewPoseFramesError);
    expect((error as Error).message).toMatch(/The video holds only 20 frames \(0\.8 s at 25 fps\); an analysis needs at least 30/);
    expect((error as TooFewPoseFramesError).hint).toMatch(/Record for longer/);
  }, 60_000);

  it("stops when aborted: the call rejects with the abort reason and the spooled copy is removed", async () => {
    tmp = tempDir("gma-v2j-abort-");
    const clip = messiClip(tmp.file("messi.mp4"), 3, "274x172");
    const spool = tempDir("gma-v2j-spool-");
    try {
      const controller = new AbortController();
      let frames = 0;
      const pending = videoToJoints(readFileSync(clip), {
        estimator,
        signal: controller.signal,
        video: { tempDir: spool.dir },
        onProgress: (stage, p) => {
          if (stage === "pose" && p > 0 && ++frames === 3) controller.abort(new Error("user cancelled"));
        },
      });
      await expect(pending).rejects.toThrow("user cancelled");
      expect(readdirSync(spool.dir)).toEqual([]);
    } finally {
      spool.remove();
    }
  }, 60_000);

  it("hands beforeDecode the probed metadata before the pose models load; what it throws refuses the video with no frame decoded and no spooled file left", async () => {
    tmp = tempDir("gma-v2j-before-");
    const clip = messiClip(tmp.file("messi.mp4"), 1.2, "274x172");
    const spool = tempDir("gma-v2j-spool-");
    try {
      const loads: string[] = [];
      const events: VideoStage[] = [];
      const probed: number[] = [];
      const refusal = new Error("refused from the metadata");
      const error = await videoToJoints(readFileSync(clip), {
        modelsDir,
        pose: { variant: "lite", loader: { load: (file) => (loads.push(file), Promise.reject(new Error("the pose models were loaded"))) } },
        video: { tempDir: spool.dir },
        onProgress: (stage) => void events.push(stage),
        beforeDecode: (info) => {
          probed.push(info.fps, info.durationS, info.width);
          throw refusal;
        },
      }).catch((e: unknown) => e);
      expect(error).toBe(refusal);
      expect(probed).toEqual([25, expect.closeTo(1.2, 1) as number, 274]);
      expect(loads).toEqual([]);
      expect(events).toEqual([]);
      expect(readdirSync(spool.dir)).toEqual([]);
    } finally {
      spool.remove();
    }
  }, 60_000);

  it("rejects options that cannot work, saying which", async () => {
    await expect(videoToJoints("x.mp4", {})).rejects.toThrow(/needs modelsDir/);
    await expect(videoToJoints("x.mp4", { estimator, fps: 0 })).rejects.toThrow(/fps must be in/);
    await expect(videoToJoints("x.mp4", { estimator, minValidJoints: 26 })).rejects.toThrow(/minValidJoints/);
  });
});
