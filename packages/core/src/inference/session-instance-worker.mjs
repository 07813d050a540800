// One model instance of a SessionInstancePool (session-instance-pool.ts): an onnxruntime session
// in its own worker thread. Plain JavaScript rather than TypeScript so that the thread starts the
// same under tsx, vitest and a compiled build, none of which hands its loader to new threads.
//
// Protocol (messages are structured-cloned):
//   workerData          { model: string | Uint8Array, sessionOptions }
//   worker -> pool      { type: "ready", inputNames, outputNames } | { type: "load-error", message }
//   pool -> worker      { type: "run", id, feeds: { [name]: { type, data, dims } }, fetches? }
//                       { type: "release" }
//   worker -> pool      { type: "result", id, outputs: { [name]: { type, data, dims } } }
//                       { type: "run-error", id, message }
import { parentPort, workerData } from "node:worker_threads";
import { InferenceSession, Tensor } from "onnxruntime-node";

const port = parentPort;
if (!port) throw new Error("session-instance-worker.mjs runs as a worker thread of a SessionInstancePool");

let session;
try {
  session = await InferenceSession.create(workerData.model, workerData.sessionOptions);
} catch (error) {
  port.postMessage({ type: "load-error", message: error instanceof Error ? error.message : String(error) });
  port.close();
}

if (session) {
  port.on("message", (message) => {
    if (message.type === "release") {
      void session.release().finally(() => port.close());
      return;
    }
    if (message.type !== "run") return;
    void run(message);
  });
  port.postMessage({ type: "ready", inputNames: [...session.inputNames], outputNames: [...session.outputNames] });
}

async function run({ id, feeds, fetches }) {
  try {
    const inputs = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = new Tensor(t.type, t.data, t.dims);
    const results = fetches ? await session.run(inputs, fetches) : await session.run(inputs);
    const outputs = {};
    const transfer = [];
    for (const [name, t] of Object.entries(results)) {
      // An output that is a view of a larger native buffer is copied, so that only its own bytes
      // cross the thread boundary (moved, not copied again).
      const data = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength ? t.data : t.data.slice();
      outputs[name] = { type: t.type, data, dims: [...t.dims] };
      transfer.push(data.buffer);
    }
    try {
      port.postMessage({ type: "result", id, outputs }, transfer);
    } catch {
      // A buffer onnxruntime does not let go of is sent as a copy instead.
      port.postMessage({ type: "result", id, outputs });
    }
  } catch (error) {
    port.postMessage({ type: "run-error", id, message: error instanceof Error ? error.message : String(error) });
  }
}
