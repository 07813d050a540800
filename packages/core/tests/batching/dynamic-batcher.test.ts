import { afterEach, describe, expect, it } from "vitest";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { DynamicBatcher, type DynamicBatcherOptions } from "../../src/batching";
import { buildMlpModel, createInferenceSession } from "../../src/inference";

const batchers: Array<DynamicBatcher<unknown, unknown>> = [];
function batcher<I, O>(options: DynamicBatcherOptions<I, O>): DynamicBatcher<I, O> {
  const b = new DynamicBatcher<I, O>({ name: `test-${Math.random().toString(36).slice(2)}`, ...options });
  batchers.push(b as DynamicBatcher<unknown, unknown>);
  return b;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  for (const b of batchers.splice(0)) await b.close({ drain: false });
});

describe("DynamicBatcher", () => {
  it("gathers concurrent requests into batches of at most maxBatchSize and returns each caller its own result", async () => {
    const sizes: number[] = [];
    const b = batcher<number, number>({
      maxBatchSize: 8,
      execute: async (xs) => {
        sizes.push(xs.length);
        await sleep(2);
        return xs.map((x) => x * 3);
      },
    });
    const inputs = Array.from({ length: 20 }, (_, i) => i);
    expect(await Promise.all(inputs.map((x) => b.submit(x)))).toEqual(inputs.map((x) => x * 3));
    expect(sizes).toEqual([8, 8, 4]);
    const s = b.stats();
    expect(s).toMatchObject({ requests: 20, succeeded: 20, executions: 3, executedRequests: 20 });
    expect(s.avgBatchSize).toBeCloseTo(20 / 3, 10);
    expect(s.batchSizes).toEqual({ 8: 2, 4: 1 });
    expect(s.queueTime.count).toBe(20);
    expect(s.computeTime.count).toBe(3);
  });

  it("shares what it sends evenly among free execution slots, in batches of at least maxBatchSize / slots, which then run at once, unless told to fill one batch first", async () => {
    const run = async (spreadAcrossSlots: boolean) => {
      const sizes: number[] = [];
      let running = 0;
      let most = 0;
      const b = batcher<number, number>({
        maxBatchSize: 64,
        maxConcurrentBatches: 2,
        spreadAcrossSlots,
        execute: async (xs) => {
          most = Math.max(most, ++running);
          sizes.push(xs.length);
          await sleep(5);
          running--;
          return xs.map((x) => x + 1);
        },
      });
      const send = async (count: number) => {
        const inputs = Array.from({ length: count }, (_, i) => i);
        expect(await Promise.all(inputs.map((x) => b.submit(x)))).toEqual(inputs.map((x) => x + 1));
      };
      await send(64);
      // Fewer than two shares of 64 / 2: one batch, never fragments smaller than 32.
      await send(40);
      return { sizes, most };
    };
    expect(await run(true)).toEqual({ sizes: [32, 32, 40], most: 2 });
    expect(await run(false)).toEqual({ sizes: [64, 40], most: 1 });
  });

  it("fails only the requests of a failing batch", async () => {
    const b = batcher<number, number>({
      maxBatchSize: 4,
      execute: (xs) => {
        if (xs.includes(5)) throw new Error("batch with 5 exploded");
        return xs.map((x) => x + 100);
      },
    });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => b.submit(i)));
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
    expect(failed).toEqual([4, 5, 6, 7]);
    results.forEach((r, i) => {
      if (r.status === "fulfilled") expect(r.value).toBe(i + 100);
      else expect((r.reason as Error).message).toBe("batch with 5 exploded");
    });
    expect(b.stats()).toMatchObject({ failed: 4, succeeded: 8 });
  });

  it("fails a batch whose execute returns the wrong number of outputs", async () => {
    const b = batcher<number, number>({ execute: (xs) => xs.slice(1) });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toMatchObject({ code: "BATCH_RESULT_MISMATCH" });
  });

  it("rejects at once with BATCH_QUEUE_FULL when the queue is at capacity", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = batcher<number, number>({
      maxBatchSize: 2,
      maxQueueSize: 3,
      execute: async (xs) => {
        await gate;
        return xs;
      },
    });
    const first = [b.submit(1), b.submit(2)];
    await sleep(5); // the first batch is now executing; the queue is empty
    const queued = [b.submit(3), b.submit(4), b.submit(5)];
    await expect(b.submit(6)).rejects.toMatchObject({ code: "BATCH_QUEUE_FULL" });
    release();
    expect(await Promise.all([...first, ...queued])).toEqual([1, 2, 3, 4, 5]);
    expect(b.stats()).toMatchObject({ rejected: 1, requests: 5 });
  });

  it("times out a request that waits too long without disturbing the others", async () => {
    const b = batcher<number, number>({
      maxBatchSize: 1,
      execute: async (xs) => {
        await sleep(30);
        return xs;
      },
    });
    const slowOk = b.submit(1);
    const late = b.submit(2, { timeoutMs: 10 });
    await expect(late).rejects.toMatchObject({ code: "BATCH_TIMEOUT" });
    expect(await slowOk).toBe(1);
    await b.idle();
    expect(b.stats()).toMatchObject({ timedOut: 1, executions: 1 });
  });

  it("withdraws a queued request when its signal aborts", async () => {
    const b = batcher<number, number>({ maxQueueDelayMs: 50, execute: (xs) => xs });
    const controller = new AbortController();
    const kept = b.submit(1);
    const dropped = b.submit(2, { signal: controller.signal });
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ code: "BATCH_CANCELLED" });
    expect(await kept).toBe(1);
    expect(b.stats()).toMatchObject({ cancelled: 1, executedRequests: 1 });
  });

  it("waits up to maxQueueDelayMs for a batch to fill", async () => {
    const sizes: number[] = [];
    const b = batcher<number, number>({ maxBatchSize: 16, maxQueueDelayMs: 40, execute: (xs) => (sizes.push(xs.length), xs) });
    const early = b.submit(0);
    await sleep(10);
    const later = [b.submit(1), b.submit(2)];
    await Promise.all([early, ...later]);
    expect(sizes).toEqual([3]);
  });

  it("sends a preferred batch size as soon as it can be formed", async () => {
    const sizes: number[] = [];
    // With a one-minute delay, only the preferred size can release the batch before the test times out.
    const b = batcher<number, number>({ maxBatchSize: 16, maxQueueDelayMs: 60_000, preferredBatchSizes: [4], execute: (xs) => (sizes.push(xs.length), xs) });
    await Promise.all([1, 2, 3, 4].map((x) => b.submit(x)));
    expect(sizes).toEqual([4]);
  });

  it("refuses requests after close and drains those already queued", async () => {
    const b = batcher<number, number>({ maxQueueDelayMs: 20, execute: (xs) => xs });
    const queued = b.submit(7);
    const closing = b.close();
    await expect(b.submit(8)).rejects.toMatchObject({ code: "BATCHER_CLOSED" });
    expect(await queued).toBe(7);
    await closing;
  });

  it("rejects invalid options", () => {
    expect(() => new DynamicBatcher({ execute: (x: number[]) => x, maxBatchSize: 0, register: false })).toThrow(/maxBatchSize/);
    expect(() => new DynamicBatcher({ execute: (x: number[]) => x, maxBatchSize: 4, preferredBatchSizes: [8], register: false })).toThrow(/preferred/);
  });

  it("batches requests to a real onnxruntime session with the same outputs as one run per request", async () => {
    const model = buildMlpModel({ inputSize: 24, layerSizes: [48, 6], seed: 11 });
    const session: InferenceSession = await createInferenceSession(model.bytes, { executionProvider: "cpu", intraOpNumThreads: 1 });
    try {
      const b = batcher<Float32Array, Float32Array>({
        maxBatchSize: 16,
        execute: async (xs) => {
          const input = new Float32Array(xs.length * 24);
          xs.forEach((x, i) => input.set(x, i * 24));
          const out = (await session.run({ input: new Tensor("float32", input, [xs.length, 24]) })).output!.data as Float32Array;
          return xs.map((_, i) => out.slice(i * 6, (i + 1) * 6));
        },
      });
      const inputs = Array.from({ length: 40 }, (_, n) => Float32Array.from({ length: 24 }, (_, k) => Math.sin(n * 24 + k)));
      const outputs = await Promise.all(inputs.map((x) => b.submit(x)));
      inputs.forEach((x, n) => {
        const expected = model.forward(x, 1);
        expected.forEach((v, i) => expect(outputs[n]![i]).toBeCloseTo(v, 4));
      });
      expect(b.stats().avgBatchSize).toBeGreaterThan(1);
    } finally {
      await session.release();
    }
  });
});
