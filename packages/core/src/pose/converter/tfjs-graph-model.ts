import { readFile } from "node:fs/promises";
import path from "node:path";
import { ModelConversionError } from "../errors";
import { float16ToFloat32 } from "./float16";

/** One attribute value of a TensorFlow NodeDef as tfjs serialises it to JSON. */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  list?: { i?: (string | number)[]; s?: string[]; f?: number[] };
  shape?: { dim?: { size: string | number }[] };
  tensor?: unknown;
}

/** A node of the frozen TensorFlow graph. */
export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}

/** A constant tensor decoded from the weight shards. */
export interface TfConst {
  dtype: "float32" | "int32";
  shape: number[];
  data: Float32Array | Int32Array;
}

/** A named input or output of the model's serving signature. */
export interface TfSignatureEntry {
  key: string;
  /** Tensor name in the graph, without the `:0` suffix. */
  node: string;
  /** Shape with -1 for the dynamic batch dimension. */
  shape: number[];
}

/** A TensorFlow.js graph model read from disk: topology, decoded weights and signature. */
export interface TfjsGraphModel {
  nodes: TfNode[];
  weights: Map<string, TfConst>;
  inputs: TfSignatureEntry[];
  outputs: TfSignatureEntry[];
}

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

interface ModelJson {
  format?: string;
  signature?: {
    inputs?: Record<string, { name: string; tensorShape?: { dim?: { size: string | number }[] } }>;
    outputs?: Record<string, { name: string; tensorShape?: { dim?: { size: string | number }[] } }>;
  };
  modelTopology?: { node?: TfNode[] };
  weightsManifest?: { paths: string[]; weights: ManifestWeight[] }[];
}

function signatureEntries(entries: NonNullable<ModelJson["signature"]>["inputs"]): TfSignatureEntry[] {
  return Object.entries(entries ?? {}).map(([key, e]) => ({
    key,
    node: e.name.replace(/:0$/, ""),
    shape: (e.tensorShape?.dim ?? []).map((d) => Number(d.size)),
  }));
}

/**
 * Decodes the weights of a tfjs weights manifest from the concatenated bytes of its shards.
 * Groups are laid out back to back, each weight taking the bytes of its (quantised) dtype.
 */
export function decodeWeights(manifest: { weights: ManifestWeight[] }[], bytes: Uint8Array): Map<string, TfConst> {
  const out = new Map<string, TfConst>();
  let offset = 0;
  for (const group of manifest) {
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      const q = w.quantization;
      const storage = q?.dtype ?? w.dtype;
      const bytesPer = storage === "float16" || storage === "uint16" ? 2 : storage === "uint8" ? 1 : 4;
      const len = count * bytesPer;
      if (offset + len > bytes.length) throw new ModelConversionError(`Weight ${w.name} runs past the end of the weight shards`);
      // Copy so the typed array is aligned whatever the offset.
      const slice = bytes.slice(offset, offset + len);
      offset += len;
      let data: Float32Array | Int32Array;
      if (storage === "float16") data = float16ToFloat32(new Uint16Array(slice.buffer));
      else if (storage === "uint8" || storage === "uint16") {
        const raw = storage === "uint8" ? slice : new Uint16Array(slice.buffer);
        const scale = q?.scale ?? 1;
        const min = q?.min ?? 0;
        data = new Float32Array(count);
        for (let i = 0; i < count; i++) data[i] = raw[i]! * scale + min;
      } else if (storage === "float32") data = new Float32Array(slice.buffer);
      else if (storage === "int32") data = new Int32Array(slice.buffer);
      else throw new ModelConversionError(`Weight ${w.name} has unsupported dtype ${storage}`);
      const dtype = w.dtype === "int32" ? "int32" : "float32";
      if (dtype === "int32" && data instanceof Float32Array) data = Int32Array.from(data, Math.round);
      out.set(w.name, { dtype, shape: w.shape, data });
    }
  }
  return out;
}

/** Reads a tfjs graph model (`model.json` plus its `.bin` shards next to it). */
export async function loadTfjsGraphModel(jsonPath: string): Promise<TfjsGraphModel> {
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, "utf8")) as ModelJson;
  } catch (cause) {
    throw new ModelConversionError(`Cannot read the tfjs model ${jsonPath}`, { cause });
  }
  if (json.format !== "graph-model" || !json.modelTopology?.node || !json.weightsManifest) {
    throw new ModelConversionError(`${jsonPath} is not a tfjs graph model`);
  }
  const dir = path.dirname(jsonPath);
  const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const bytes = new Uint8Array(Buffer.concat(shards));
  return {
    nodes: json.modelTopology.node,
    weights: decodeWeights(json.weightsManifest, bytes),
    inputs: signatureEntries(json.signature?.inputs),
    outputs: signatureEntries(json.signature?.outputs),
  };
}
