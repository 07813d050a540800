import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSyntheticDataset, windowMovementFeatures, writeDataset, type WindowMovementFeatures } from "../../src/synthetic";

const TRAINING = fileURLToPath(new URL("../../../../training/", import.meta.url));
const hasNumpy = spawnSync("/usr/bin/python3", ["-c", "import numpy"], { stdio: "ignore" }).status === 0;

describe("windowMovementFeatures", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gma-features-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const ds = makeSyntheticDataset({ seed: 21, infantsPerClass: { fidgety: 2, "cramped-synchronised": 1, "hemi-asymmetry": 1, "poor-repertoire": 1 }, durationS: 4, stride: 15 });
  const features = Array.from({ length: ds.header.count }, (_, i) => windowMovementFeatures(ds.windows.subarray(i * 2250, (i + 1) * 2250)));

  it.skipIf(!hasNumpy)("matches the trainer's numpy features (training/gma_training/features.py) on the same windows", () => {
    const path = join(dir, "d.gmads");
    writeDataset(path, ds);
    const script = [
      "import json, sys",
      "from gma_training.dataset import read_dataset",
      "from gma_training.features import window_features",
      "f = window_features(read_dataset(sys.argv[1]).windows)",
      "json.dump({k: v.tolist() for k, v in f.items()}, open(sys.argv[2], 'w'))",
    ].join("\n");
    const run = spawnSync("/usr/bin/python3", ["-c", script, path, join(dir, "f.json")], { cwd: TRAINING, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const py = JSON.parse(readFileSync(join(dir, "f.json"), "utf8")) as Record<keyof WindowMovementFeatures, number[]>;
    for (const key of Object.keys(py) as (keyof WindowMovementFeatures)[]) {
      features.forEach((f, i) => expect(f[key], `${key} window ${i}`).toBeCloseTo(py[key][i]!, 4));
    }
  });

  it("moves cramped, hemi and poor-repertoire windows away from fidgety ones along their documented feature", () => {
    const mean = (cls: string, key: keyof WindowMovementFeatures): number => {
      const idx = features.map((_, i) => i).filter((i) => ds.header.classes[ds.classIndex[i]!] === cls);
      return idx.reduce((s, i) => s + features[i]![key], 0) / idx.length;
    };
    expect(mean("cramped-synchronised", "crossLimbCorrelation")).toBeGreaterThan(mean("fidgety", "crossLimbCorrelation"));
    expect(mean("hemi-asymmetry", "leftRightLogRatio")).toBeGreaterThan(mean("fidgety", "leftRightLogRatio"));
    expect(mean("poor-repertoire", "distalProximalRatio")).toBeLessThan(mean("fidgety", "distalProximalRatio"));
  });
});
