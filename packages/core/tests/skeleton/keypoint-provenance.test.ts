import { describe, expect, it } from "vitest";
import { KeypointsInvalidError, importKeypoints } from "../../src/skeleton";

const jointFrame = (): number[][] => Array.from({ length: 25 }, (_, j) => [j, 2 * j, 3 * j]);
const doc = (extra: Record<string, unknown>): string => JSON.stringify({ format: "joints-25", fps: 25, frames: [jointFrame()], ...extra });

describe("what a JSON keypoint file says of itself", () => {
  it("reads synthetic, movementClass and ageWeeks, as make-keypoints writes them", () => {
    expect(importKeypoints(doc({ synthetic: true, movementClass: " cramped-synchronised ", ageWeeks: 3.4, label: "anomaly", seed: 3 })).provenance).toEqual({
      synthetic: true,
      movementClass: "cramped-synchronised",
      ageWeeks: 3.4,
    });
    const landmarks = Array.from({ length: 33 }, () => [0.5, 0.5, 0, 0.9]);
    expect(importKeypoints(JSON.stringify({ format: "mediapipe-33", fps: 25, frames: [landmarks], synthetic: true })).provenance).toEqual({ synthetic: true, movementClass: null, ageWeeks: null });
    expect(importKeypoints(doc({ ageWeeks: 12 })).provenance).toEqual({ synthetic: false, movementClass: null, ageWeeks: 12 });
  });

  it("has nothing to say for a file that states none of it, nor for a CSV", () => {
    expect(importKeypoints(doc({})).provenance).toBeUndefined();
    const header = Array.from({ length: 25 }, (_, i) => `x${i},y${i},z${i}`).join(",");
    expect(importKeypoints(`# fps: 25\n${header}\n${jointFrame().flat().join(",")}`).provenance).toBeUndefined();
  });

  it.each([
    [{ synthetic: "yes" }, '"synthetic" must be true or false, got "yes"'],
    [{ movementClass: 3 }, '"movementClass" must be the name of a movement class (1 to 64 printable characters), got 3'],
    [{ movementClass: "  " }, '"movementClass" must be the name of a movement class'],
    [{ movementClass: "x".repeat(65) }, '"movementClass" must be the name of a movement class'],
    [{ movementClass: "a\nb" }, '"movementClass" must be the name of a movement class'],
    [{ ageWeeks: -1 }, '"ageWeeks" must be the age at recording in weeks, 0 to 104, got -1'],
    [{ ageWeeks: "12" }, '"ageWeeks" must be the age at recording in weeks, 0 to 104, got "12"'],
  ])("refuses a malformed claim %j as KEYPOINTS_INVALID, naming the key", (extra, message) => {
    let error: unknown;
    try {
      importKeypoints(doc(extra));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeypointsInvalidError);
    expect((error as KeypointsInvalidError).code).toBe("KEYPOINTS_INVALID");
    expect((error as Error).message).toContain(message);
  });
});
