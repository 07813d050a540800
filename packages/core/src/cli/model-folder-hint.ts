import { GmaError, isGmaError } from "../errors";

/** A model folder its user chose: the option or variable that named it, and the folder. */
export interface ChosenFolder {
  /** `--models-dir`, `GMA_MODELS_DIR`, `--model-dir` or `GMA_ANOMALY_MODEL_DIR`. */
  setting: string;
  dir: string;
}

/** The folders a command's user chose, when they chose any; a default is not a choice. */
export interface ChosenModelFolders {
  /** Where the converted pose models were looked for. */
  poseModels?: ChosenFolder | undefined;
  /** Where the anomaly model card was looked for. */
  anomalyModel?: ChosenFolder | undefined;
}

/** The folder named by an option, else by an environment variable, else none (the default). */
function chosenFolder(option: string, value: string | undefined, variable: string, env: Record<string, string | undefined>): ChosenFolder | undefined {
  if (value !== undefined) return { setting: option, dir: value };
  const fromEnv = env[variable];
  return fromEnv ? { setting: variable, dir: fromEnv } : undefined;
}

/**
 * The folders a command's options or environment chose: `--models-dir` (else GMA_MODELS_DIR) for
 * the pose models, `--model-dir` (else GMA_ANOMALY_MODEL_DIR) for the anomaly model.
 */
export function chosenModelFolders(values: { "models-dir"?: string | undefined; "model-dir"?: string | undefined }, env: Record<string, string | undefined>): ChosenModelFolders {
  return {
    poseModels: chosenFolder("--models-dir", values["models-dir"], "GMA_MODELS_DIR", env),
    anomalyModel: chosenFolder("--model-dir", values["model-dir"], "GMA_ANOMALY_MODEL_DIR", env),
  };
}

const POSE_CODES = new Set(["MODELS_MISSING", "MODELS_CORRUPT"]);
const ANOMALY_CODES = new Set(["MODEL_CARD_INVALID"]);

/**
 * The error with a hint that starts from the folder its user chose, when the error is about the
 * models in it: the pose models' own hint says to run `npm run setup`, which converts them into
 * the default folder and so cannot mend a mistyped `--models-dir`; the anomaly model's says to
 * restore the shipped folder, which is not the one a `--model-dir` named. Any other error, or a
 * model error under the default folders, is returned as it is.
 */
export function withModelFolderHint(error: unknown, chosen: ChosenModelFolders): unknown {
  if (!isGmaError(error)) return error;
  let hint: string | undefined;
  if (POSE_CODES.has(error.code) && chosen.poseModels) {
    const { setting, dir } = chosen.poseModels;
    hint = `Check ${setting} (${dir}): it must name the folder the pose models were converted into (\`npm run setup\` writes them to data/models). To convert them into ${dir}, run \`npm run -s gma -- models prepare --models-dir ${dir}\`.`;
  } else if (ANOMALY_CODES.has(error.code) && chosen.anomalyModel) {
    const { setting, dir } = chosen.anomalyModel;
    hint = `Check ${setting} (${dir}): it must name a folder holding an anomaly model's model-card.json and the model files it names, as packages/core/models/anomaly does; leave it out to use the model shipped with @gma/core.`;
  }
  if (hint === undefined) return error;
  return new GmaError(error.code, error.message, { hint, cause: error, isUserError: error.isUserError });
}
