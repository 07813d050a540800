import { describe, expect, it } from "vitest";
import * as analysis from "../../src/analysis";

describe("report-signs, the part of the risk policy a browser imports", () => {
  it("is what the package exports as @gma/core/report-signs, and the same functions the main entry exports", async () => {
    const subpath = await import("@gma/core/report-signs");
    expect(subpath.strongestSigns).toBe(analysis.strongestSigns);
    expect(subpath.RISK_RULE_MEASURES).toBe(analysis.RISK_RULE_MEASURES);
  });
});
