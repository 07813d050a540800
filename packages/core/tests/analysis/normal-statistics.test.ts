import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NormalStatisticsInvalidError, bundledNormalStatistics, loadNormalStatistics, parseNormalStatistics } from "../../src/analysis";

describe("normal statistics", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("reads the bundled MINI-RGBD figures into camelCase", () => {
    const s = bundledNormalStatistics();
    expect(s.jointAmplitudes).toHaveLength(25);
    expect(s.leftRightRatios.arm.mean).toBeCloseTo(1.385, 3);
    expect(s.leftRightRatios.leg.std).toBeCloseTo(0.217, 3);
    expect(s.sampleSize).toBe(737);
  });

  it("accepts camelCase input as well", () => {
    const s = bundledNormalStatistics();
    expect(parseNormalStatistics(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it("refuses a file with a missing joint, saying where", () => {
    dir = mkdtempSync(join(tmpdir(), "gma-normal-"));
    const path = join(dir, "stats.json");
    const s = structuredClone(bundledNormalStatistics());
    s.jointVelocities.pop();
    writeFileSync(path, JSON.stringify(s));
    expect(() => loadNormalStatistics(path)).toThrow(NormalStatisticsInvalidError);
    expect(() => loadNormalStatistics(path)).toThrow(/jointVelocities/);
    writeFileSync(path, "{not json");
    expect(() => loadNormalStatistics(path)).toThrow(/not JSON/);
  });
});
