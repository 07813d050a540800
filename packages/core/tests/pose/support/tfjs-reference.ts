import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

const require = createRequire(import.meta.url);
let ready: Promise<void> | undefined;

/** Switches tfjs to its wasm backend, loading the .wasm files from node_modules (no network). */
export function useTfjsWasm(): Promise<void> {
  ready ??= (async () => {
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(`${dist}${path.sep}`);
    await tf.setBackend("wasm");
    await tf.ready();
  })();
  return ready;
}

/** Loads a tfjs graph model from local files through a custom IO handler (tfjs's own loaders want fetch). */
export async function loadReferenceModel(jsonPath: string): Promise<tf.GraphModel> {
  await useTfjsWasm();
  const json = JSON.parse(await readFile(jsonPath, "utf8")) as {
    modelTopology: object;
    format: string;
    generatedBy: string;
    convertedBy: string;
    signature: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(path.dirname(jsonPath), p))));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  };
  return tf.loadGraphModel(handler);
}

/** Runs the reference model on one NHWC batch and returns the named graph outputs (tfjs node names) as flat arrays. */
export async function runReference(
  model: tf.GraphModel,
  input: Float32Array,
  shape: [number, number, number, number],
  outputs: string[],
): Promise<Record<string, Float32Array>> {
  const x = tf.tensor4d(input, shape);
  // execute, not executeAsync: the graphs have no control flow, and executeAsync warns so.
  const result = model.execute(x, outputs) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(result) ? result : [result];
  const out: Record<string, Float32Array> = {};
  for (let i = 0; i < list.length; i++) out[outputs[i]!] = (await list[i]!.data()) as Float32Array;
  tf.dispose([x, ...list]);
  return out;
}
