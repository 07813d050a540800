import { describe, expect, it } from "vitest";
import { autoBatchSize, batchProcess, isOutOfMemoryError, type BatchProgress } from "../../src/batching";

const items = Array.from({ length: 23 }, (_, i) => i);

describe("batchProcess", () => {
  it("returns results in input order even when batches finish out of order", async () => {
    const sizes: number[] = [];
    const out = await batchProcess(items, {
      batchSize: 5,
      processFn: async (batch) => {
        sizes.push(batch.length);
        await new Promise((r) => setTimeout(r, (5 - sizes.length) * 2));
        return batch.map((x) => x * 2);
      },
    });
    expect(out).toEqual(items.map((x) => x * 2));
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
  });

  it("reports progress after every batch", async () => {
    const progress: BatchProgress[] = [];
    await batchProcess(items, { batchSize: 10, processFn: (b) => b, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.done)).toEqual([10, 20, 23]);
    expect(progress.at(-1)).toMatchObject({ total: 23, batches: 3 });
  });

  it("stops between batches when its signal aborts", async () => {
    const controller = new AbortController();
    let batches = 0;
    const run = batchProcess(items, {
      batchSize: 4,
      signal: controller.signal,
      processFn: (b) => {
        if (++batches === 2) controller.abort();
        return b;
      },
    });
    await expect(run).rejects.toMatchObject({ code: "BATCH_CANCELLED" });
    expect(batches).toBe(2);
  });

  it("halves the batch and retries the same items after an out-of-memory error", async () => {
    const attempts: number[] = [];
    const out = await batchProcess(items, {
      batchSize: 16,
      processFn: (b) => {
        attempts.push(b.length);
        if (b.length > 5) throw new RangeError("Array buffer allocation failed");
        return b.map((x) => -x);
      },
    });
    expect(out).toEqual(items.map((x) => -x));
    expect(attempts.slice(0, 3)).toEqual([16, 8, 4]);
    expect(attempts.slice(3).every((n) => n <= 4)).toBe(true);
  });

  it("fails with BATCH_OUT_OF_MEMORY when even one item does not fit", async () => {
    await expect(batchProcess([1, 2], { batchSize: 2, processFn: () => { throw new Error("onnxruntime: Failed to allocate memory for requested buffer"); } })).rejects.toMatchObject({ code: "BATCH_OUT_OF_MEMORY" });
  });

  it("passes other errors through without retrying", async () => {
    let calls = 0;
    await expect(batchProcess(items, { batchSize: 8, processFn: () => { calls++; throw new Error("bad input"); } })).rejects.toThrow("bad input");
    expect(calls).toBe(1);
  });

  it("rejects a batch function that returns the wrong number of results", async () => {
    await expect(batchProcess(items, { batchSize: 8, processFn: (b) => b.slice(1) })).rejects.toMatchObject({ code: "BATCH_RESULT_MISMATCH" });
  });

  it("sizes auto batches from free memory and the per-item estimate", async () => {
    const seen: number[] = [];
    await batchProcess(items, { batchSize: "auto", itemMemoryBytes: 1000, availableBytes: () => 8000, processFn: (b) => (seen.push(b.length), b) });
    expect(seen[0]).toBe(4);
    expect(await autoBatchSize({ itemBytes: 1, availableBytes: () => 1e9, maxBatchSize: 64 })).toBe(64);
    expect(await autoBatchSize({ itemBytes: 1e12, availableBytes: () => 1e9 })).toBe(1);
    const measured = await autoBatchSize({ itemBytes: 1024 * 1024 });
    expect(measured).toBeGreaterThanOrEqual(1);
  });

  it("recognises the allocation failures of V8, onnxruntime and CUDA", () => {
    expect(isOutOfMemoryError(new RangeError("Array buffer allocation failed"))).toBe(true);
    expect(isOutOfMemoryError(new Error("std::bad_alloc"))).toBe(true);
    expect(isOutOfMemoryError(new Error("CUDA failure 2: out of memory"))).toBe(true);
    expect(isOutOfMemoryError(new Error("input shape mismatch"))).toBe(false);
    expect(isOutOfMemoryError("out of memory")).toBe(false);
  });
});
