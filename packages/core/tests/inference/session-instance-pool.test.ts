import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { buildMlpModel, instanceSessionOptions, SessionInstancePool, type PoolTensor } from "../../src/inference";

const model = buildMlpModel({ inputSize: 10, layerSizes: [32, 16, 3], seed: 11 });
const options = { executionProviders: ["cpu"], intraOpNumThreads: 1 };

function input(seed: number, batch = 1): Float32Array {
  return Float32Array.from({ length: batch * 10 }, (_, i) => Math.sin(seed * 1.7 + i * 0.3));
}

function feed(x: Float32Array, batch = x.length / 10): Record<string, PoolTensor> {
  return { input: { type: "float32", data: x, dims: [batch, 10] } };
}

function expectReference(out: PoolTensor | undefined, x: Float32Array, batch = x.length / 10): void {
  expect(out?.dims).toEqual([batch, 3]);
  const expected = model.forward(x, batch);
  expected.forEach((v, i) => expect((out!.data as Float32Array)[i]).toBeCloseTo(v, 4));
}

/** The pool's worker threads, reached past its API to kill one as a crash would. */
function workersOf(pool: SessionInstancePool): Worker[] {
  return [...(pool as unknown as { alive: Set<{ worker: Worker }> }).alive].map((i) => i.worker);
}

/** Worker threads alive in this process (each holds a message port). */
const threads = () => process.getActiveResourcesInfo().filter((r) => r === "Worker" || r === "MessagePort").length;

describe("session instance pool", { timeout: 30_000 }, () => {
  it("runs the model in worker threads with the reference's numbers and reports its names", async () => {
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: options, name: "mlp" });
    try {
      expect(pool.instances).toBe(2);
      expect(pool.inputNames).toEqual(["input"]);
      expect(pool.outputNames).toEqual(["output"]);
      const x = input(1, 4);
      expectReference((await pool.run(feed(x))).output, x);
    } finally {
      await pool.release();
    }
  });

  it("runs as many requests at once as it has instances and queues the rest", async () => {
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: options });
    try {
      const xs = Array.from({ length: 8 }, (_, k) => input(k, 2));
      const runs = xs.map((x) => pool.run(feed(x)));
      expect(pool.stats()).toMatchObject({ busy: 2, queued: 6, runs: 2 });
      const outs = await Promise.all(runs);
      // Every caller gets the output of its own input, whichever instance ran it.
      outs.forEach((o, k) => expectReference(o.output, xs[k]!));
      expect(pool.stats()).toMatchObject({ busy: 0, queued: 0, runs: 8, failed: 0 });
    } finally {
      await pool.release();
    }
  });

  it("sends only a view's own bytes and leaves the caller's buffer intact", async () => {
    const pool = await SessionInstancePool.create(model.bytes, { instances: 1, sessionOptions: options });
    try {
      const big = input(3, 50);
      const view = big.subarray(20, 40);
      const before = Float32Array.from(big);
      expectReference((await pool.run(feed(view))).output, Float32Array.from(view));
      expect(big).toEqual(before);
    } finally {
      await pool.release();
    }
  });

  it("fails a request onnxruntime rejects on its own and keeps serving the others", async () => {
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: options });
    try {
      const good = input(4, 3);
      const [bad, ok] = await Promise.allSettled([pool.run({ input: { type: "float32", data: new Float32Array(7), dims: [1, 7] } }), pool.run(feed(good))]);
      expect(bad).toMatchObject({ status: "rejected", reason: { code: "INFERENCE_INSTANCE_FAILED" } });
      expect((bad as PromiseRejectedResult).reason.message).toMatch(/could not run/);
      expectReference((ok as PromiseFulfilledResult<Record<string, PoolTensor>>).value.output, good);
      expect(pool.stats()).toMatchObject({ failed: 1, instances: 2 });
    } finally {
      await pool.release();
    }
  });

  it("fails the request of an instance whose thread dies and starts a new instance in its place", async () => {
    const pool = await SessionInstancePool.create(model.bytes, { instances: 1, sessionOptions: options });
    try {
      const running = pool.run(feed(input(5, 1)));
      await workersOf(pool)[0]!.terminate();
      await expect(running).rejects.toMatchObject({ code: "INFERENCE_INSTANCE_FAILED", message: expect.stringMatching(/stopped/) });
      // A request sent while the replacement loads waits for it instead of failing.
      const x = input(6, 2);
      expectReference((await pool.run(feed(x))).output, x);
      expect(pool.stats()).toMatchObject({ instances: 1, restarts: 1, failed: 1 });
    } finally {
      await pool.release();
    }
  });

  it("refuses a model that cannot load with MODEL_LOAD_FAILED and leaves no thread behind", async () => {
    const before = threads();
    await expect(SessionInstancePool.create(new Uint8Array([1, 2, 3, 4]), { instances: 2, sessionOptions: options })).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
    await expect(SessionInstancePool.create("/nonexistent/model.onnx", { instances: 1, sessionOptions: options })).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
    await expect.poll(threads).toBe(before);
  });

  it("lets running requests finish on release, then refuses new ones with SESSION_POOL_CLOSED", async () => {
    const before = threads();
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: options });
    expect(threads()).toBe(before + 2);
    const xs = Array.from({ length: 5 }, (_, k) => input(10 + k, 4));
    const runs = xs.map((x) => pool.run(feed(x)));
    const released = pool.release();
    await expect(pool.run(feed(xs[0]!))).rejects.toMatchObject({ code: "SESSION_POOL_CLOSED" });
    (await Promise.all(runs)).forEach((o, k) => expectReference(o.output, xs[k]!));
    await released;
    await pool.release();
    expect(pool.instances).toBe(0);
    await expect.poll(threads).toBe(before);
  });

  it("shares the CPUs out among instances unless a thread count is given", () => {
    expect(instanceSessionOptions({ intraOpNumThreads: 0 }, 2, 8).intraOpNumThreads).toBe(4);
    expect(instanceSessionOptions({}, 3, 2).intraOpNumThreads).toBe(1);
    expect(instanceSessionOptions({ intraOpNumThreads: 3 }, 2, 8).intraOpNumThreads).toBe(3);
  });

  it("refuses an instance count that is not a whole number above zero", async () => {
    await expect(SessionInstancePool.create(model.bytes, { instances: 0 })).rejects.toThrow(/instances must be an integer >= 1/);
  });
});
