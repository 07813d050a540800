import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as analysis from "../../src/analysis";

const MODULE = fileURLToPath(new URL("../../src/analysis/report-signs.ts", import.meta.url));

describe("report-signs, the part of the risk policy a browser imports", () => {
  it("imports nothing, so that a browser bundle of it never reaches Node's modules or onnxruntime", () => {
    const imports = ts.preProcessFile(readFileSync(MODULE, "utf8"), true, true).importedFiles.map((f) => f.fileName);
    expect(imports).toEqual([]);
  });

  it("is what the package exports as @gma/core/report-signs, and the same functions the main entry exports", async () => {
    const subpath = await import("@gma/core/report-signs");
    expect(subpath.strongestSigns).toBe(analysis.strongestSigns);
    expect(subpath.RISK_RULE_MEASURES).toBe(analysis.RISK_RULE_MEASURES);
  });
});
