import path from "node:path";
import type { InferenceSession } from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelCache } from "../../src/cache";
import {
  CachedPoseModelLoader,
  DEFAULT_WEIGHT_PRECISION,
  LANDMARK_INPUT_SIZE,
  LANDMARK_OUTPUTS,
  LandmarkModel,
  letterboxRoi,
  mapLandmarks,
  modelFileName,
  OrtPoseModelLoader,
  type PoseModelRunner,
  type RgbFrame,
} from "../../src/pose";
import { ensurePoseModels } from "../cli/support/cli-fixtures";
import { decodeImage, fixturePath } from "./support/fixtures";

const DIMS = [1, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3] as const;
const ALL_OUTPUTS = ["output_poseflag", "activation_heatmap", "ld_3d", "world_3d", "activation_segmentation"];

/** A deterministic input in [0, 1] with structure in it, so that every head gives non-trivial values. */
function landmarkInput(): Float32Array {
  const input = new Float32Array(DIMS[1] * DIMS[2] * DIMS[3]);
  for (let i = 0; i < input.length; i++) input[i] = (Math.sin(i * 0.013) + Math.cos(i * 0.0007) + 2) / 4;
  return input;
}

describe("PoseModelRunner output selection", () => {
  let landmarkFile: string;

  beforeAll(async () => {
    landmarkFile = path.join(await ensurePoseModels(), modelFileName("full", DEFAULT_WEIGHT_PRECISION));
  }, 300_000);

  /** Runs `runner` once with `outputs` and once with every output, on the same input. */
  const bothWays = async (runner: PoseModelRunner, outputs: readonly string[]) => {
    const input = landmarkInput();
    return { some: await runner.run(input, DIMS, outputs), all: await runner.run(input, DIMS) };
  };

  it("returns exactly the named outputs of a plain session, equal to those of an all-outputs run", async () => {
    const runner = await new OrtPoseModelLoader().load(landmarkFile);
    try {
      const { some, all } = await bothWays(runner, LANDMARK_OUTPUTS);
      expect(Object.keys(all).sort()).toEqual([...ALL_OUTPUTS].sort());
      expect(Object.keys(some).sort()).toEqual([...LANDMARK_OUTPUTS].sort());
      for (const name of LANDMARK_OUTPUTS) expect(some[name]).toEqual(all[name]);
    } finally {
      await runner.release();
    }
  }, 60_000);

  it("returns exactly the named outputs of a cached session, equal to those of an all-outputs run", async () => {
    const cache = new ModelCache<InferenceSession>({ name: `pose-runner-test-${process.pid}-${Date.now()}`, maxModels: 1, register: false });
    try {
      const runner = await new CachedPoseModelLoader(cache).load(landmarkFile);
      const { some, all } = await bothWays(runner, ["world_3d"]);
      expect(Object.keys(some)).toEqual(["world_3d"]);
      expect(some.world_3d).toEqual(all.world_3d);
    } finally {
      await cache.dispose();
    }
  }, 60_000);

  describe("LandmarkModel", () => {
    let still: RgbFrame;
    beforeAll(async () => {
      still = await decodeImage(fixturePath("messi5.jpg"));
    }, 60_000);

    it("asks its runner for ld_3d and output_poseflag only, and gets the landmarks an all-outputs run gives", async () => {
      const runner = await new OrtPoseModelLoader().load(landmarkFile);
      try {
        const asked: (readonly string[] | undefined)[] = [];
        let input = new Float32Array(0);
        const model = new LandmarkModel({
          run: (x, dims, outputs) => {
            asked.push(outputs);
            input = x.slice();
            return runner.run(x, dims, outputs);
          },
          release: () => runner.release(),
        });
        const roi = letterboxRoi(still.width, still.height);
        const got = await model.estimate(still, roi);
        expect(asked).toEqual([LANDMARK_OUTPUTS]);
        const all = await runner.run(input, DIMS);
        expect(got.landmarks).toEqual(mapLandmarks(all.ld_3d!, roi, still.width, still.height));
        expect(got.poseFlag).toBe(all.output_poseflag![0]);
      } finally {
        await runner.release();
      }
    }, 60_000);
  });
});
