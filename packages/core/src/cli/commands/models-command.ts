import { ModelCardInvalidError, WindowAnomalyScorer, loadModelCard, modelFilePath } from "../../anomaly";
import { prepareModels, sha256File, verifyModels } from "../../pose";
import { DEFAULT_ANOMALY_MODEL_DIR } from "../../pipeline";
import { anomalyModelDir, defaultModelsDir, type CliContext } from "../cli-context";
import { parseCliArgs } from "../cli-options";
import { chosenModelFolders, withModelFolderHint } from "../model-folder-hint";
import { UsageError } from "../usage-error";

export const MODELS_USAGE = `gma models verify [--models-dir <dir>] [--model-dir <dir>]
gma models prepare [--models-dir <dir>]

verify   checks every converted pose model against the SHA-256 in its manifest, and that the
         anomaly model loads and matches its model card; exits 4 when set-up is incomplete
prepare  converts the BlazePose models to ONNX (what \`npm run setup\` does); idempotent`;

/** `gma models verify|prepare`. */
export async function modelsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseCliArgs({ args: rest, strict: true, options: { "models-dir": { type: "string" }, "model-dir": { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help || sub === "--help" || sub === "-h") {
    ctx.stdout.write(`${MODELS_USAGE}\n`);
    return 0;
  }
  const modelsDir = values["models-dir"] ?? defaultModelsDir(ctx.env);
  if (sub === "prepare") {
    const result = await prepareModels({ modelsDir, log: (m) => ctx.stderr.write(`[models] ${m}\n`) });
    ctx.stdout.write(`${JSON.stringify({ modelsDir, converted: result.converted.length, kept: result.kept.length })}\n`);
    return 0;
  }
  if (sub !== "verify") throw new UsageError(sub ? `Unknown models command "${sub}"; expected verify or prepare` : "gma models needs verify or prepare");
  try {
    return await verify(modelsDir, values["model-dir"] ?? anomalyModelDir(ctx.env) ?? DEFAULT_ANOMALY_MODEL_DIR, ctx);
  } catch (error) {
    throw withModelFolderHint(error, chosenModelFolders(values, ctx.env));
  }
}

/** `gma models verify` on the folders chosen. */
async function verify(modelsDir: string, modelDir: string, ctx: CliContext): Promise<number> {
  const manifest = await verifyModels(modelsDir);
  for (const name of Object.keys(manifest.models).sort()) ctx.stderr.write(`ok  ${name}\n`);
  const card = loadModelCard(modelDir);
  const onnx = modelFilePath(card, "onnx");
  if (card.sha256 && (await sha256File(onnx).catch(() => "missing")) !== card.sha256) {
    throw new ModelCardInvalidError(`the anomaly model ${onnx} does not match the SHA-256 in its model card`);
  }
  const scorer = await WindowAnomalyScorer.fromModelCard(card);
  await scorer.release();
  ctx.stderr.write(`ok  anomaly model ${card.modelVersion} (${modelFilePath(card)})\n`);
  ctx.stdout.write(`${JSON.stringify({ modelsDir, poseModels: Object.keys(manifest.models).length, anomalyModel: card.modelVersion, ok: true })}\n`);
  return 0;
}
