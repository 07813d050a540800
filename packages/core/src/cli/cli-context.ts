import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgressOutput } from "./progress-bar";

/** What a command reads and writes besides its arguments; tests pass their own. */
export interface CliContext {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Models directory set-up writes to: `GMA_MODELS_DIR`, else `$GMA_DATA_DIR/models`, else `<repo>/data/models` (as scripts/setup.mjs). */
export function defaultModelsDir(env: Record<string, string | undefined>): string {
  return env.GMA_MODELS_DIR ?? path.join(env.GMA_DATA_DIR ?? path.join(REPO_ROOT, "data"), "models");
}

/** Anomaly model folder: `GMA_ANOMALY_MODEL_DIR` when set, else the model shipped with @gma/core (undefined). */
export function anomalyModelDir(env: Record<string, string | undefined>): string | undefined {
  return env.GMA_ANOMALY_MODEL_DIR || undefined;
}
