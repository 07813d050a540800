import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ModelCardInvalidError, loadModelCardCached } from "../../src/anomaly";
import { modelCardJson } from "./support/scale-model";

describe("loadModelCardCached", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function writeCard(modelVersion: string): string {
    dir ??= mkdtempSync(join(tmpdir(), "gma-card-cache-"));
    writeFileSync(join(dir, "model-card.json"), JSON.stringify(modelCardJson("m.onnx", { modelVersion })));
    return dir;
  }

  it("hands back the same parsed card while the file is unchanged, whether named by folder or file", () => {
    const folder = writeCard("cached@1");
    const first = loadModelCardCached(folder);
    expect(first.modelVersion).toBe("cached@1");
    expect(loadModelCardCached(folder)).toBe(first);
    expect(loadModelCardCached(join(folder, "model-card.json"))).toBe(first);
  });

  it("reads a card rewritten in place at once, even one of the same size", () => {
    const folder = writeCard("cached@1");
    expect(loadModelCardCached(folder).modelVersion).toBe("cached@1");
    writeCard("cached@2-longer");
    expect(loadModelCardCached(folder).modelVersion).toBe("cached@2-longer");
    // Same length: only the modification time tells the files apart.
    writeCard("cached@3-longer");
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(folder, "model-card.json"), later, later);
    expect(loadModelCardCached(folder).modelVersion).toBe("cached@3-longer");
  });

  it("refuses a card that disappeared instead of serving the remembered one", () => {
    const folder = writeCard("cached@1");
    loadModelCardCached(folder);
    rmSync(join(folder, "model-card.json"));
    expect(() => loadModelCardCached(folder)).toThrow(ModelCardInvalidError);
  });

  it("does not remember a malformed card: fixing it in place is enough", () => {
    dir = mkdtempSync(join(tmpdir(), "gma-card-cache-"));
    writeFileSync(join(dir, "model-card.json"), "{ not json");
    expect(() => loadModelCardCached(dir!)).toThrow(/not JSON/);
    writeCard("fixed@1");
    expect(loadModelCardCached(dir).modelVersion).toBe("fixed@1");
  });
});
