import type { WeightPrecision } from "../converter/weight-precision";
import type { PoseNetwork } from "./model-files";

/** Bumped whenever the converter's output changes, so set-up converts again. */
export const CONVERTER_VERSION = 1;

/** One converted model as recorded in `manifest.json`. */
export interface ManifestModel {
  network: PoseNetwork;
  precision: WeightPrecision;
  bytes: number;
  sha256: string;
}

/** Contents of `manifest.json` in the models directory. */
export interface ModelsManifest {
  formatVersion: 1;
  converterVersion: number;
  source: {
    package: string;
    version: string;
    /** SHA-256 of each source file (model.json and weight shards), by file name. */
    files: Record<string, string>;
  };
  /** Precision the pipeline uses when none is configured. */
  defaultPrecision: WeightPrecision;
  /** Converted models by file name. */
  models: Record<string, ManifestModel>;
  createdAt: string;
}
