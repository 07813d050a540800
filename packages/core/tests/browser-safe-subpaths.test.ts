import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageJson = fileURLToPath(new URL("../package.json", import.meta.url));
const exports = JSON.parse(readFileSync(packageJson, "utf8")).exports as Record<string, string>;
const subpaths = Object.entries(exports).filter(([subpath]) => subpath !== ".");

describe("@gma/core's subpath exports, the modules the dashboard bundles for the browser", () => {
  it("are at least the risk signs and the keypoint coordinate limit", () => {
    expect(subpaths.map(([subpath]) => subpath)).toEqual(expect.arrayContaining(["./report-signs", "./keypoint-coordinate-limit"]));
  });

  it.each(subpaths)("%s imports nothing, so that a browser bundle of it never reaches Node's modules or onnxruntime", (_subpath, file) => {
    const source = readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), "utf8");
    expect(ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName)).toEqual([]);
  });
});
