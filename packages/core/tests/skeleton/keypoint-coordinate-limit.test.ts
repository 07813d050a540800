import { describe, expect, it } from "vitest";
import * as skeleton from "../../src/skeleton";

describe("keypoint-coordinate-limit, the coordinate range a browser checks decoded keypoints against", () => {
  it("is what the package exports as @gma/core/keypoint-coordinate-limit, and the same limit the codec and readers use", async () => {
    const subpath = await import("@gma/core/keypoint-coordinate-limit");
    expect(subpath.isKeypointCoordinate).toBe(skeleton.isKeypointCoordinate);
    expect(subpath.MAX_KEYPOINT_COORDINATE).toBe(skeleton.MAX_KEYPOINT_COORDINATE);
    expect(subpath.KEYPOINT_COORDINATE_RANGE).toBe(skeleton.KEYPOINT_COORDINATE_RANGE);
  });
});
