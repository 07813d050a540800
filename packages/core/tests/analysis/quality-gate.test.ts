import { describe, expect, it } from "vitest";
import { QualityTooLowError, assessQuality, enforceQualityGate, type FrameQualityStats } from "../../src/analysis";
import { isGmaError } from "../../src/errors";

const good: FrameQualityStats = { frameCount: 1500, validPoseFrames: 1400, inFrameFrames: 1350, durationS: 60, fps: 25 };

function refusal(stats: FrameQualityStats, windows = 100, options = {}): QualityTooLowError {
  try {
    enforceQualityGate(stats, windows, options);
  } catch (e) {
    if (e instanceof QualityTooLowError) return e;
    throw e;
  }
  throw new Error("the gate let the recording through");
}

describe("quality gate", () => {
  it("passes a good recording and states its quality", () => {
    const q = enforceQualityGate(good, 100);
    expect(q.passed).toBe(true);
    expect(q.validPoseShare).toBeCloseTo(1400 / 1500, 12);
    expect(q.inFrameShare).toBeCloseTo(0.9, 12);
    expect(q.checks.map((c) => c.criterion).sort()).toEqual(["durationS", "fps", "inFrameShare", "validPoseShare", "windows"]);
  });

  it("refuses too few frames with a pose, saying the share found and what to do", () => {
    const e = refusal({ ...good, validPoseFrames: 600, inFrameFrames: 600 });
    expect(e.code).toBe("QUALITY_TOO_LOW");
    expect(e.isUserError).toBe(true);
    expect(isGmaError(e)).toBe(true);
    expect(e.message).toMatch(/pose was found in only 40 % of frames \(at least 60 % needed\)/);
    expect(e.hint).toMatch(/whole body visible/);
    expect(e.failedChecks.map((c) => c.criterion)).toEqual(["validPoseShare", "inFrameShare"]);
  });

  it("refuses a recording that is too short", () => {
    const e = refusal({ ...good, durationS: 4 });
    expect(e.message).toMatch(/4\.0 s long \(at least 10 s needed\)/);
    expect(e.hint).toMatch(/record for longer/);
  });

  it("refuses a low frame rate", () => {
    expect(refusal({ ...good, fps: 6 }).message).toMatch(/6\.0 fps/);
  });

  it("refuses an infant that leaves the image", () => {
    const e = refusal({ ...good, inFrameFrames: 300 });
    expect(e.failedChecks.map((c) => c.criterion)).toEqual(["inFrameShare"]);
    expect(e.hint).toMatch(/inside the image/);
  });

  it("refuses a recording without a single gap-free window", () => {
    expect(refusal(good, 0).failedChecks.map((c) => c.criterion)).toEqual(["windows"]);
  });

  it("treats an empty recording as having no pose at all", () => {
    const q = assessQuality({ frameCount: 0, validPoseFrames: 0, durationS: 0, fps: 25 }, 0);
    expect(q.passed).toBe(false);
    expect(q.validPoseShare).toBe(0);
  });

  it("takes its minimums from options and rejects impossible ones", () => {
    expect(assessQuality({ ...good, durationS: 4 }, 100, { minDurationS: 3 }).passed).toBe(true);
    expect(assessQuality(good, 100, { minValidPoseShare: 0.95 }).passed).toBe(false);
    expect(() => assessQuality(good, 100, { minValidPoseShare: 1.5 })).toThrow(/minValidPoseShare must be a share/);
    expect(() => assessQuality(good, 100, { minFps: -1 })).toThrow(/minFps/);
  });
});
