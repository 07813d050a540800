import { stat } from "node:fs/promises";
import type { InferenceSession } from "onnxruntime-node";
import type { ModelLoader } from "../cache/model-cache";
import type { SessionFactory } from "./session-factory";

/**
 * A {@link ModelLoader} for `ModelCache` that creates an onnxruntime session with `factory` and
 * reports the model's size in bytes (the file's or buffer's size: a lower bound of what the
 * session holds, which is what `maxBytes` budgets against).
 */
export function onnxModelLoader(source: string | Uint8Array, factory: SessionFactory): ModelLoader<InferenceSession> {
  return async (context) => {
    const session = await factory.create(source);
    context.setBytes(typeof source === "string" ? (await stat(source)).size : source.byteLength);
    return session;
  };
}
