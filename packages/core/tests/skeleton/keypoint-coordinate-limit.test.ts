import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as skeleton from "../../src/skeleton";

const MODULE = fileURLToPath(new URL("../../src/skeleton/keypoint-coordinate-limit.ts", import.meta.url));

describe("keypoint-coordinate-limit, the coordinate range a browser checks decoded keypoints against", () => {
  it("imports nothing, so that a browser bundle of it never reaches Node's modules", () => {
    const imports = ts.preProcessFile(readFileSync(MODULE, "utf8"), true, true).importedFiles.map((f) => f.fileName);
    expect(imports).toEqual([]);
  });

  it("is what the package exports as @gma/core/keypoint-coordinate-limit, and the same limit the codec and readers use", async () => {
    const subpath = await import("@gma/core/keypoint-coordinate-limit");
    expect(subpath.isKeypointCoordinate).toBe(skeleton.isKeypointCoordinate);
    expect(subpath.MAX_KEYPOINT_COORDINATE).toBe(skeleton.MAX_KEYPOINT_COORDINATE);
    expect(subpath.KEYPOINT_COORDINATE_RANGE).toBe(skeleton.KEYPOINT_COORDINATE_RANGE);
  });
});
