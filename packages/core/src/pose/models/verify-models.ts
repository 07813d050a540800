import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ModelsCorruptError, ModelsMissingError } from "../errors";
import type { WeightPrecision } from "../converter/weight-precision";
import { MANIFEST_FILE, modelFileName, type PoseNetwork } from "./model-files";
import type { ModelsManifest } from "./models-manifest";

/** SHA-256 of a file, streamed so large models do not sit in memory twice. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Reads the models manifest, failing with MODELS_MISSING / MODELS_CORRUPT. */
export async function readModelsManifest(modelsDir: string): Promise<ModelsManifest> {
  const file = path.join(modelsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ModelsMissingError(file, `No pose models manifest at ${file}`);
  }
  try {
    const manifest = JSON.parse(text) as ModelsManifest;
    if (manifest.formatVersion !== 1 || typeof manifest.models !== "object") throw new Error("unknown manifest format");
    return manifest;
  } catch (cause) {
    throw new ModelsCorruptError(file, `Pose models manifest ${file} is unreadable: ${(cause as Error).message}`);
  }
}

/** Which models {@link verifyModels} checks. */
export interface VerifyModelsOptions {
  /** Only these files, given as network and precision pairs. Default: every model in the manifest. */
  models?: { network: PoseNetwork; precision: WeightPrecision }[];
}

/**
 * Checks that the converted models exist and match the SHA-256 sums in the manifest.
 * Start-up calls it so that a missing or damaged model fails at once with a typed error
 * (MODELS_MISSING, MODELS_CORRUPT) whose hint says to run `npm run setup`.
 */
export async function verifyModels(modelsDir: string, options: VerifyModelsOptions = {}): Promise<ModelsManifest> {
  const manifest = await readModelsManifest(modelsDir);
  const names = options.models ? options.models.map((m) => modelFileName(m.network, m.precision)) : Object.keys(manifest.models);
  for (const name of names) {
    const file = path.join(modelsDir, name);
    const entry = manifest.models[name];
    if (!entry) throw new ModelsMissingError(file, `Pose model ${name} is not in the manifest of ${modelsDir}`);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new ModelsMissingError(file);
    if (info.size !== entry.bytes || (await sha256File(file)) !== entry.sha256) {
      throw new ModelsCorruptError(file, `Pose model ${file} does not match its SHA-256 in the manifest`);
    }
  }
  return manifest;
}
