import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InferenceSession } from "onnxruntime-node";
import { ModelCache } from "../../src/cache";
import {
  CachedPoseModelLoader,
  DEFAULT_WEIGHT_PRECISION,
  modelFileName,
  OrtPoseModelLoader,
  PoseEstimator,
  WEIGHT_PRECISIONS,
  type PoseModelLoader,
  type RgbFrame,
  type WeightPrecision,
} from "../../src/pose";
import { decodeFrames, decodeImage, fixturePath } from "./support/fixtures";
import { prepareTestModels } from "./support/test-models";

const MESSI = fixturePath("messi5.jpg");
const [W, H] = [548, 342];

/** Angle (radians, image coordinates) of the hip-centre -> shoulder-centre vector, in pixels. */
function torsoAngle(frame: RgbFrame, l: Float32Array): number {
  const px = (k: number): [number, number] => [l[k * 5]! * frame.width, l[k * 5 + 1]! * frame.height];
  const [ls, rs, lh, rh] = [px(11), px(12), px(23), px(24)];
  return Math.atan2((ls[1] + rs[1] - lh[1] - rh[1]) / 2, (ls[0] + rs[0] - lh[0] - rh[0]) / 2);
}

/** Rotates the still clockwise by `radians` onto a canvas large enough to keep all of it. */
async function rotatedStill(radians: number): Promise<RgbFrame> {
  const ow = Math.ceil(Math.abs(W * Math.cos(radians)) + Math.abs(H * Math.sin(radians))) & ~1;
  const oh = Math.ceil(Math.abs(W * Math.sin(radians)) + Math.abs(H * Math.cos(radians))) & ~1;
  return decodeImage(MESSI, `rotate=a=${radians}:ow=${ow}:oh=${oh}:fillcolor=black`, [ow, oh]);
}

/** Wraps the onnxruntime loader to count runs per model file. */
function countingLoader(): { loader: PoseModelLoader; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  const inner = new OrtPoseModelLoader();
  return {
    runs,
    loader: {
      async load(file) {
        const runner = await inner.load(file);
        const name = path.basename(file);
        return {
          run: (input, dims, outputs) => {
            runs.set(name, (runs.get(name) ?? 0) + 1);
            return runner.run(input, dims, outputs);
          },
          release: () => runner.release(),
        };
      },
    },
  };
}

describe("PoseEstimator", () => {
  let models: Awaited<ReturnType<typeof prepareTestModels>>;
  let still: RgbFrame;
  const open: PoseEstimator[] = [];
  const create = async (options: Partial<Parameters<typeof PoseEstimator.create>[0]> = {}): Promise<PoseEstimator> => {
    const e = await PoseEstimator.create({ modelsDir: models.modelsDir, ...options });
    open.push(e);
    return e;
  };

  beforeAll(async () => {
    models = await prepareTestModels(["full"], [...WEIGHT_PRECISIONS]);
    still = await decodeImage(MESSI);
  }, 120_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.release()));
  });
  afterAll(async () => models?.dispose());

  it("finds the person in a still photo, upright, with every landmark in the frame", async () => {
    const estimator = await create();
    expect(estimator.variant).toBe("full");
    expect(estimator.precision).toBe(DEFAULT_WEIGHT_PRECISION);
    const result = await estimator.estimate(still);
    expect(result).not.toBeNull();
    const { landmarks, score, poseFlag } = result!;
    expect(landmarks).toHaveLength(33 * 5);
    expect(score).toBeGreaterThan(0.5);
    expect(poseFlag).toBeGreaterThan(0.5);
    for (let k = 0; k < 33; k++) {
      expect(landmarks[k * 5]).toBeGreaterThan(0);
      expect(landmarks[k * 5]).toBeLessThan(1);
      expect(landmarks[k * 5 + 1]).toBeGreaterThan(0);
      expect(landmarks[k * 5 + 1]).toBeLessThan(1);
    }
    // Nose above the hips, shoulders between; the player stands in the middle third.
    const y = (k: number) => landmarks[k * 5 + 1]!;
    expect(y(0)).toBeLessThan(y(11));
    expect(y(11)).toBeLessThan(y(23));
    expect(landmarks[23 * 5]).toBeGreaterThan(1 / 3);
    expect(landmarks[23 * 5]).toBeLessThan(2 / 3);
  }, 60_000);

  for (const [name, filter] of [
    ["zooming", `zoompan=z='min(zoom+0.01,1.5)':d=30:s=${W}x${H}:fps=25`],
    ["rocking", "rotate=a='0.3*sin(2*PI*t)':fillcolor=black"],
  ] as const) {
    it(`tracks the person in at least 95% of the frames of a ${name} clip, running the detector only to start or recover`, async () => {
      const frames = await decodeFrames(MESSI, { frames: 30, filter, size: [W, H] });
      const { loader, runs } = countingLoader();
      const estimator = await create({ loader });
      let found = 0;
      for (const frame of frames) if (await estimator.estimate(frame)) found++;
      expect(found / frames.length).toBeGreaterThanOrEqual(0.95);
      const detectorRuns = runs.get(modelFileName("detector", estimator.precision)) ?? 0;
      expect(detectorRuns).toBeGreaterThanOrEqual(1);
      expect(detectorRuns).toBeLessThan(frames.length / 4);
    }, 60_000);
  }

  // Landmark noise moves the torso axis by under 2 degrees on these images; 4 leaves margin.
  for (const degrees of [30, -45, 90]) {
    it(`recovers a ${degrees} degree rotation of the image from the torso landmarks within 4 degrees`, async () => {
      const estimator = await create();
      const upright = await estimator.estimate(still);
      estimator.reset();
      const radians = (degrees * Math.PI) / 180;
      const frame = await rotatedStill(radians);
      const rotated = await estimator.estimate(frame);
      expect(upright).not.toBeNull();
      expect(rotated).not.toBeNull();
      const diff = torsoAngle(frame, rotated!.landmarks) - torsoAngle(still, upright!.landmarks);
      const wrapped = Math.atan2(Math.sin(diff), Math.cos(diff));
      expect(Math.abs(wrapped - radians)).toBeLessThan((4 * Math.PI) / 180);
    }, 60_000);
  }

  it("returns null for a blank frame, also right after a tracked person, and finds the person again after", async () => {
    const estimator = await create();
    const blank: RgbFrame = { data: new Uint8Array(W * H * 3), width: W, height: H };
    expect(await estimator.estimate(blank)).toBeNull();
    expect(await estimator.estimate(still)).not.toBeNull();
    expect(await estimator.estimate(blank)).toBeNull();
    expect(await estimator.estimate(still)).not.toBeNull();
  }, 60_000);

  it("defaults to the smallest weight precision whose landmarks stay within 1e-2 of fp32 on the test footage", async () => {
    const frames = [
      still,
      ...(await decodeFrames(MESSI, { frames: 10, filter: `zoompan=z='min(zoom+0.03,1.5)':d=10:s=${W}x${H}:fps=25`, size: [W, H] })),
      ...(await decodeFrames(MESSI, { frames: 10, filter: "rotate=a='0.3*sin(2*PI*t)':fillcolor=black" })),
    ];
    const run = async (precision: WeightPrecision): Promise<(Float32Array | null)[]> => {
      const estimator = await create({ precision });
      const out: (Float32Array | null)[] = [];
      for (const f of frames) out.push((await estimator.estimate(f))?.landmarks ?? null);
      return out;
    };
    const reference = await run("fp32");
    // "Stays within": the worst frame's mean x/y error over the 33 landmarks, frame-normalised.
    const error = new Map<WeightPrecision, number>();
    for (const precision of WEIGHT_PRECISIONS) {
      const got = await run(precision);
      let worst = 0;
      for (let i = 0; i < frames.length; i++) {
        const a = reference[i];
        const b = got[i];
        if (!a || !b) {
          worst = Number.POSITIVE_INFINITY;
          continue;
        }
        let sum = 0;
        for (let k = 0; k < 33; k++) sum += Math.abs(a[k * 5]! - b[k * 5]!) + Math.abs(a[k * 5 + 1]! - b[k * 5 + 1]!);
        worst = Math.max(worst, sum / 66);
      }
      error.set(precision, worst);
    }
    const size = async (p: WeightPrecision) => (await stat(path.join(models.modelsDir, modelFileName("full", p)))).size;
    const passing = WEIGHT_PRECISIONS.filter((p) => error.get(p)! <= 1e-2);
    const sizes = await Promise.all(passing.map(size));
    const smallest = passing[sizes.indexOf(Math.min(...sizes))];
    expect(smallest, `worst-frame landmark error by precision: ${JSON.stringify(Object.fromEntries(error))}`).toBe(DEFAULT_WEIGHT_PRECISION);
  }, 120_000);

  it("borrows its sessions from a shared model cache when given the cached loader", async () => {
    const cache = new ModelCache<InferenceSession>({ name: `pose-test-${process.pid}-${Date.now()}`, maxModels: 2, register: false });
    try {
      const estimator = await create({ loader: new CachedPoseModelLoader(cache) });
      expect(await estimator.estimate(still)).not.toBeNull();
      const stats = cache.stats();
      expect(stats.residentModels).toBe(2);
      expect(stats.hits).toBeGreaterThanOrEqual(2);
    } finally {
      await cache.dispose();
    }
  }, 60_000);

  it("refuses to start with MODELS_MISSING when the models directory is empty", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "gma-no-models-"));
    try {
      await expect(PoseEstimator.create({ modelsDir: empty })).rejects.toMatchObject({ code: "MODELS_MISSING" });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("rejects a frame whose byte count does not match its size", async () => {
    const estimator = await create();
    await expect(estimator.estimate({ data: new Uint8Array(10), width: W, height: H })).rejects.toThrow(/548 x 342 x 3/);
  }, 60_000);
});
