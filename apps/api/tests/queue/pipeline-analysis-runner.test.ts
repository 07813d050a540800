import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeKeypoints, ResultCache } from "@gma/core";
import { afterEach, describe, expect, it } from "vitest";
import { PipelineAnalysisRunner } from "../../src/queue/pipeline-analysis-runner";
import { REPO_MODELS_DIR, syntheticKeypoints } from "../helpers/fixtures";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("PipelineAnalysisRunner", () => {
  it("returns the analysed joint sequence encoded, also when the report comes from the result cache", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gma-runner-"));
    const file = syntheticKeypoints(path.join(dir, "k.json"), 11);
    const cache = new ResultCache({ name: "runner-test", maxSize: 4, register: false });
    const runner = new PipelineAnalysisRunner({ modelsDir: REPO_MODELS_DIR, resultCache: cache });
    const input = { analysisId: "a", kind: "keypoints" as const, filePath: file, ageWeeks: 12, gestationalAgeWeeks: null, signal: new AbortController().signal };
    const first = await runner.run(input, () => {});
    const seq = decodeKeypoints(first.keypoints!);
    expect(seq.fps).toBe(25);
    expect(seq.frameCount - 29).toBe(first.windowErrors.length);

    const again = await runner.run({ ...input, analysisId: "b" }, () => {});
    expect(again.report).toBe(first.report);
    expect(cache.stats().hits).toBe(1);
    expect(again.keypoints).toEqual(first.keypoints);
  }, 60_000);
});
