import { writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ResultCache } from "../../src/cache";
import { getPerformanceStats } from "../../src/perf";
import { analyzeKeypointsFile, analyzeVideoFile, KEYPOINTS_PIPELINE_STAGES, VIDEO_PIPELINE_STAGES, type PipelineStage } from "../../src/pipeline";
import { PoseEstimator } from "../../src/pose";
import { ReportSchema } from "../../src/report";
import { KeypointsInvalidError, type JointSequence } from "../../src/skeleton";
import { simulateInfant } from "../../src/synthetic";
import { ensurePoseModels, messiClip, tempDir } from "../cli/support/cli-fixtures";
import { FakeScorer } from "./support/fake-scorer";

// The model is a fake here: these tests are about how the stages compose, not about the model.
describe("analyzeVideoFile and analyzeKeypointsFile", () => {
  let modelsDir: string;
  let estimator: PoseEstimator;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    modelsDir = await ensurePoseModels();
    estimator = await PoseEstimator.create({ modelsDir, variant: "lite" });
  }, 300_000);
  afterAll(async () => estimator?.release());
  afterEach(() => tmp?.remove());

  it("runs every stage on a clip in order and carries the upstream timings into the report; the same file again comes from the result cache without pose estimation", async () => {
    tmp = tempDir("gma-analyze-video-");
    const clip = messiClip(tmp.file("messi.mp4"), 2, "274x172");
    const model = new FakeScorer(0.01, () => 0.004);
    const cache = new ResultCache({ name: "video-analyze-test", register: false });
    const stages: PipelineStage[] = [];
    const options = {
      estimator,
      model,
      ageWeeks: 12,
      analysis: { quality: { minDurationS: 1 } },
      resultCache: cache,
      onProgress: (s: PipelineStage, p: number) => {
        if (p === 100 && stages.at(-1) !== s) stages.push(s);
      },
    };
    const report = await analyzeVideoFile(clip, options);
    expect(ReportSchema.safeParse(report).success).toBe(true);
    expect(stages).toEqual([...VIDEO_PIPELINE_STAGES]);
    expect(report.input.windowCount).toBe(50 - 29);
    expect(report.input.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(["decode", "pose", "skeleton", "windows", "reconstruct", "total"]));
    expect(report.timeline.startTimesS[1]).toBeCloseTo(0.04, 9);

    const posed = getPerformanceStats()["pipeline.pose.frame"]!.count;
    stages.length = 0;
    const again = await analyzeVideoFile(clip, options);
    expect(again).toEqual(report);
    expect(model.calls).toBe(1);
    expect(getPerformanceStats()["pipeline.pose.frame"]!.count).toBe(posed);
    expect(stages).toEqual([...VIDEO_PIPELINE_STAGES]);
    // Another age is another analysis.
    await analyzeVideoFile(clip, { ...options, ageWeeks: 15 });
    expect(model.calls).toBe(2);
  }, 120_000);

  it("analyses a 30 fps CSV of 25 joints at the 25 fps analysis rate", async () => {
    tmp = tempDir("gma-analyze-kp-");
    const sim = simulateInfant({ seed: 11, movementClass: "fidgety", durationS: 12, fps: 30 });
    const header = Array.from({ length: 25 }, (_, j) => `x${j},y${j},z${j}`).join(",");
    const rows: string[] = [];
    for (let f = 0; f < sim.sequence.frameCount; f++) {
      const v = Array.from(sim.sequence.data.subarray(f * 75, (f + 1) * 75), (x) => (Number.isNaN(x) ? "" : x.toFixed(6)));
      rows.push(v.join(","));
    }
    const file = tmp.file("k.csv");
    writeFileSync(file, `# fps: 30\n${header}\n${rows.join("\n")}\n`);
    const stages: PipelineStage[] = [];
    const report = await analyzeKeypointsFile(file, {
      model: new FakeScorer(0.01, () => 0.004),
      ageWeeks: 14,
      windowStride: 5,
      onProgress: (s, p) => {
        if (p === 100 && stages.at(-1) !== s) stages.push(s);
      },
    });
    expect(stages).toEqual([...KEYPOINTS_PIPELINE_STAGES]);
    expect(report.input.fps).toBe(25);
    expect(report.quality.durationS).toBeCloseTo(12, 0);
    // 12 s at 25 fps is about 300 frames; stride 5 gives about 55 windows when no frame is a gap.
    expect(report.input.windowCount).toBeGreaterThan(30);
    expect(report.input.windowCount).toBeLessThanOrEqual(Math.floor((300 - 30) / 5) + 1);
  }, 60_000);

  it("hands onJoints the cleaned, normalised sequence the windows come from, once per analysis and not on a result-cache hit", async () => {
    tmp = tempDir("gma-analyze-joints-");
    const sim = simulateInfant({ seed: 5, movementClass: "fidgety", durationS: 4, fps: 25 });
    const frames = Array.from({ length: sim.sequence.frameCount }, (_, f) =>
      Array.from({ length: 25 }, (_, j) => {
        const v = Array.from(sim.sequence.data.subarray(f * 75 + j * 3, f * 75 + j * 3 + 3));
        return v.some(Number.isNaN) ? null : v;
      }),
    );
    const file = tmp.file("k.json");
    writeFileSync(file, JSON.stringify({ format: "joints-25", fps: 25, frames }));
    const seen: JointSequence[] = [];
    const options = { model: new FakeScorer(0.01, () => 0.004), ageWeeks: 14, analysis: { quality: { minDurationS: 1 } }, resultCache: new ResultCache({ name: "joints-test", register: false }), onJoints: (j: JointSequence) => void seen.push(j) };
    const report = await analyzeKeypointsFile(file, options);
    expect(seen).toHaveLength(1);
    const joints = seen[0]!;
    expect(joints.fps).toBe(25);
    expect(joints.frameCount).toBe(sim.sequence.frameCount);
    expect(report.input.windowCount).toBe(joints.frameCount - 29);
    // Normalised frame by frame: centred on the bounding box, unit diagonal, pelvis -> neck along +y.
    for (let f = 0; f < joints.frameCount; f++) {
      const xyz = [0, 1, 2].map((a) => Array.from({ length: 25 }, (_, j) => joints.data[f * 75 + j * 3 + a]!));
      const lo = xyz.map((v) => Math.min(...v));
      const hi = xyz.map((v) => Math.max(...v));
      for (let a = 0; a < 3; a++) expect(lo[a]! + hi[a]!).toBeCloseTo(0, 5);
      expect(Math.hypot(...hi.map((h, a) => h - lo[a]!))).toBeCloseTo(1, 5);
      expect(xyz[0]![12]! - xyz[0]![0]!).toBeCloseTo(0, 5);
      expect(xyz[1]![12]!).toBeGreaterThan(xyz[1]![0]!);
    }
    await analyzeKeypointsFile(file, options);
    expect(seen).toHaveLength(1);
  });

  it("rejects a binary file that is not a keypoint file and missing files with typed user errors", async () => {
    tmp = tempDir("gma-analyze-bad-");
    writeFileSync(tmp.file("x.bin"), Buffer.from([0, 1, 2, 3, 0, 0, 7]));
    const model = new FakeScorer(0.01, () => 0.004);
    await expect(analyzeKeypointsFile(tmp.file("x.bin"), { model, ageWeeks: 10 })).rejects.toThrow(KeypointsInvalidError);
    await expect(analyzeKeypointsFile(tmp.file("missing.gmak"), { model, ageWeeks: 10 })).rejects.toThrow(/Cannot read the keypoint file .*ENOENT/);
    await expect(analyzeVideoFile(tmp.file("missing.mp4"), { estimator, model, ageWeeks: 10 })).rejects.toMatchObject({ code: "NOT_A_VIDEO", isUserError: true });
  });
});
