import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { QualityTooLowError, enforceQualityGate, type FrameQualityStats, type QualityGateOptions } from "../../src/analysis";
import { getPerformanceStats } from "../../src/perf";
import { analyzeVideoFile, enforceProbedMinimums, PROBED_DURATION_MARGIN_S, type PipelineStage } from "../../src/pipeline";
import { PoseEstimator, type PoseModelLoader } from "../../src/pose";
import { ensurePoseModels, messiClip, MESSI, tempDir } from "../cli/support/cli-fixtures";
import { FakeScorer } from "./support/fake-scorer";

/** What `run` throws, which must be the quality gate's error. */
function refusal(run: () => unknown): QualityTooLowError {
  try {
    run();
  } catch (e) {
    if (e instanceof QualityTooLowError) return e;
    throw e;
  }
  throw new Error("nothing was refused");
}

/** The refusal of the gate after pose for a recording with a clear pose in every frame. */
function gateAfterPose(durationS: number, fps: number, options: QualityGateOptions = {}): QualityTooLowError {
  const frames = Math.round(durationS * 25);
  const stats: FrameQualityStats = { frameCount: frames, validPoseFrames: frames, inFrameFrames: frames, durationS, fps };
  return refusal(() => enforceQualityGate(stats, frames - 29, options));
}

/** The fields of an error that a user or the worker sees. */
const seen = (e: QualityTooLowError) => ({ name: e.name, code: e.code, message: e.message, hint: e.hint, isUserError: e.isUserError, failedChecks: e.failedChecks });

describe("enforceProbedMinimums", () => {
  it("refuses a recording below the minimum frame rate or length with the very error, message and hint of the quality gate after pose", () => {
    for (const [durationS, fps] of [
      [12, 6],
      [3, 25],
      [3, 6],
    ] as const) {
      const early = refusal(() => enforceProbedMinimums({ durationS, fps, frameCountEstimate: durationS * fps }));
      expect(seen(early)).toEqual(seen(gateAfterPose(durationS, fps)));
    }
    expect(refusal(() => enforceProbedMinimums({ durationS: 3, fps: 6, frameCountEstimate: 18 })).message).toBe(
      "The recording is not good enough to analyse: the recording is 3.0 s long (at least 10 s needed); the frame rate is 6.0 fps (at least 10 fps needed).",
    );
  });

  it("takes its minimums from the analysis's quality options", () => {
    expect(() => enforceProbedMinimums({ durationS: 3, fps: 6, frameCountEstimate: 18 }, { minDurationS: 2, minFps: 5 })).not.toThrow();
    expect(seen(refusal(() => enforceProbedMinimums({ durationS: 12, fps: 25, frameCountEstimate: 300 }, { minDurationS: 20 })))).toEqual(seen(gateAfterPose(12, 25, { minDurationS: 20 })));
  });

  it("leaves the length to the gate after pose when the metadata cannot predict the decoded length, or falls short by less than the margin", () => {
    const ok = (info: { durationS: number; fps: number; frameCountEstimate: number }) => expect(() => enforceProbedMinimums(info), JSON.stringify(info)).not.toThrow();
    // A live WebM (a browser's MediaRecorder) states no duration.
    ok({ durationS: Number.NaN, fps: 25, frameCountEstimate: Number.NaN });
    // An AVI cut short keeps its header's frame count: 300 frames are not 1.4 s at 25 fps.
    ok({ durationS: 1.4, fps: 25, frameCountEstimate: 300 });
    // No frame rate stated: neither figure is checked here.
    ok({ durationS: 3, fps: Number.NaN, frameCountEstimate: Number.NaN });
    // A variable-rate recording decodes to a little more than it states.
    ok({ durationS: 10 - PROBED_DURATION_MARGIN_S + 0.1, fps: 25, frameCountEstimate: Math.round((10 - PROBED_DURATION_MARGIN_S + 0.1) * 25) });
    expect(refusal(() => enforceProbedMinimums({ durationS: 8.9, fps: 25, frameCountEstimate: 223 })).message).toContain("the recording is 8.9 s long (at least 10 s needed)");
  });
});

// Real clips made with ffmpeg; the anomaly model is a fake, since no window is ever scored here.
describe("analyzeVideoFile on a recording below the minimums", () => {
  let modelsDir: string;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
  }, 300_000);
  afterEach(() => tmp?.remove());

  /** A loader that counts what it is asked to load, and loads nothing. */
  function countingLoader(): PoseModelLoader & { loads: string[] } {
    const loads: string[] = [];
    return {
      loads,
      load: (file) => {
        loads.push(file);
        return Promise.reject(new Error("the pose models were loaded"));
      },
    };
  }

  it("refuses a 12 s clip at 6 fps and a 3 s clip at 25 fps right after the probe: no stage starts, no pose model loads, no frame is posed", async () => {
    tmp = tempDir("gma-probed-minimums-");
    const cases = [
      { clip: messiClip(tmp.file("slow.mp4"), 12, "274x172", 6), durationS: 12, fps: 6 },
      { clip: messiClip(tmp.file("short.mp4"), 3, "274x172"), durationS: 3, fps: 25 },
    ];
    const posed = getPerformanceStats()["pipeline.pose.frame"]?.count ?? 0;
    for (const { clip, durationS, fps } of cases) {
      const loader = countingLoader();
      const stages: PipelineStage[] = [];
      const error = await analyzeVideoFile(clip, {
        modelsDir,
        pose: { loader, variant: "lite" },
        model: new FakeScorer(0.01, () => 0.004),
        ageWeeks: 12,
        onProgress: (stage) => void stages.push(stage),
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, clip).toBeInstanceOf(QualityTooLowError);
      expect(seen(error as QualityTooLowError)).toEqual(seen(gateAfterPose(durationS, fps)));
      expect(stages).toEqual([]);
      expect(loader.loads).toEqual([]);
    }
    expect(getPerformanceStats()["pipeline.pose.frame"]?.count ?? 0).toBe(posed);
  }, 60_000);

  describe("whose container states no duration", () => {
    let estimator: PoseEstimator;
    beforeAll(async () => {
      estimator = await PoseEstimator.create({ modelsDir, variant: "lite" });
    }, 300_000);
    afterAll(async () => estimator?.release());

    it("runs pose as before, and the gate after pose refuses a 3 s live WebM for its decoded length with the same message", async () => {
      tmp = tempDir("gma-probed-live-");
      const clip = tmp.file("live.webm");
      // As a browser's MediaRecorder writes it: a live WebM states no duration.
      execFileSync("ffmpeg", [
        "-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", "25", "-i", MESSI,
        "-vf", "zoompan=z='min(zoom+0.002,1.3)':d=1:s=274x172:fps=25", "-t", "3", "-c:v", "libvpx", "-deadline", "realtime", "-f", "webm", "-live", "1", clip,
      ], { stdio: ["ignore", "ignore", "pipe"] });
      const stages: PipelineStage[] = [];
      const error = await analyzeVideoFile(clip, { estimator, model: new FakeScorer(0.01, () => 0.004), ageWeeks: 12, onProgress: (stage) => void stages.push(stage) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QualityTooLowError);
      expect(stages).toContain("pose");
      expect(stages.at(-1)).toBe("quality");
      expect((error as QualityTooLowError).message).toBe(gateAfterPose(3, 25).message);
    }, 120_000);
  });
});
