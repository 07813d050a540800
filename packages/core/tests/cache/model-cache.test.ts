import { afterEach, describe, expect, it, vi } from "vitest";
import { Tensor, type InferenceSession } from "onnxruntime-node";
import { ModelCache, getModelCacheRegistry } from "../../src/cache";
import { buildMlpModel, createSessionFactory, onnxModelLoader } from "../../src/inference";
import { getPerformanceSnapshot, mergeSnapshots } from "../../src/perf";

interface FakeModel {
  id: string;
  released: boolean;
  release(): void;
}

const caches: Array<ModelCache<unknown>> = [];
function cache<T>(options: ConstructorParameters<typeof ModelCache<T>>[0] = {}): ModelCache<T> {
  const c = new ModelCache<T>({ name: `test-${Math.random().toString(36).slice(2)}`, ...options });
  caches.push(c as ModelCache<unknown>);
  return c;
}
function fake(id: string): FakeModel {
  return {
    id,
    released: false,
    release() {
      this.released = true;
    },
  };
}
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

afterEach(async () => {
  vi.useRealTimers();
  for (const c of caches.splice(0)) await c.dispose();
});

describe("ModelCache", () => {
  it("loads a key once for 100 concurrent gets and hands every caller the same model", async () => {
    const c = cache<FakeModel>();
    let loads = 0;
    const gate = deferred();
    const loader = async () => {
      loads++;
      await gate.promise;
      return fake("a");
    };
    const gets = Array.from({ length: 100 }, () => c.get("a", loader));
    gate.resolve();
    const models = await Promise.all(gets);
    expect(loads).toBe(1);
    expect(new Set(models).size).toBe(1);
    const s = c.stats();
    expect([s.loads, s.misses, s.hits]).toEqual([1, 100, 0]);
    await c.get("a", loader);
    expect(c.stats().hits).toBe(1);
  });

  it("does not cache a failed load: every waiter gets the error and the next get loads again", async () => {
    const c = cache<FakeModel>();
    let calls = 0;
    const failing = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error("corrupt model");
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => c.get("m", failing)));
    expect(results.every((r) => r.status === "rejected" && (r.reason as Error).message === "corrupt model")).toBe(true);
    expect(calls).toBe(1);
    expect(c.has("m")).toBe(false);
    expect(await c.get("m", () => fake("m"))).toMatchObject({ id: "m" });
    expect(c.stats()).toMatchObject({ loads: 1, loadFailures: 1 });
  });

  it("evicts and releases the least recently used model when over its count", async () => {
    const c = cache<FakeModel>({ maxModels: 2 });
    const a = await c.get("a", () => fake("a"));
    const b = await c.get("b", () => fake("b"));
    await c.get("a", () => fake("a2"));
    await c.get("c", () => fake("c"));
    await c.settled();
    expect(b.released).toBe(true);
    expect(a.released).toBe(false);
    expect([c.has("a"), c.has("b"), c.has("c")]).toEqual([true, false, true]);
    expect(c.stats().evictions).toBe(1);
  });

  it("keeps one model resident by default, as production runs", async () => {
    const c = cache<FakeModel>();
    const a = await c.get("a", () => fake("a"));
    await c.get("b", () => fake("b"));
    await c.settled();
    expect(a.released).toBe(true);
    expect(c.stats().residentModels).toBe(1);
  });

  it("evicts the least recently used model when the byte budget is exceeded", async () => {
    const c = cache<FakeModel>({ maxModels: 10, maxBytes: 1000 });
    const load = (id: string, bytes: number) => (ctx: { setBytes(n: number): void }) => {
      ctx.setBytes(bytes);
      return fake(id);
    };
    await c.get("a", load("a", 400));
    await c.get("b", load("b", 400));
    expect(c.stats().residentBytes).toBe(800);
    await c.get("c", load("c", 400));
    expect(c.has("a")).toBe(false);
    expect(c.stats().residentBytes).toBe(800);
    expect(c.stats().models.map((m) => m.key)).toEqual(["b", "c"]);
  });

  it("never releases a model while a run on it is in flight, and releases it when the run ends", async () => {
    const c = cache<FakeModel>();
    const model = fake("a");
    const running = deferred();
    const started = deferred();
    const run = c.withModel("a", () => model, async (m) => {
      started.resolve();
      await running.promise;
      return m.released;
    });
    await started.promise;
    expect(c.evict("a")).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(model.released).toBe(false);
    expect(c.stats().pendingReleases).toBe(1);
    running.resolve();
    expect(await run).toBe(false);
    await c.settled();
    expect(model.released).toBe(true);
    expect(c.stats().pendingReleases).toBe(0);
  });

  it("evicts a model left idle past idleTimeoutMs but not one in use", async () => {
    vi.useFakeTimers();
    const c = cache<FakeModel>({ maxModels: 5, idleTimeoutMs: 1000 });
    const idle = await c.get("idle", () => fake("idle"));
    const lease = await c.acquire("busy", () => fake("busy"));
    await vi.advanceTimersByTimeAsync(600);
    expect(c.has("idle")).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(c.has("idle")).toBe(false);
    expect(idle.released).toBe(true);
    expect(c.has("busy")).toBe(true);
    lease.release();
    await vi.advanceTimersByTimeAsync(1001);
    expect(c.has("busy")).toBe(false);
  });

  it("loads models listed for warm-up before first use", async () => {
    const c = cache<FakeModel>({ maxModels: 2 });
    await c.warmUp([
      { key: "a", loader: () => fake("a") },
      { key: "b", loader: () => fake("b") },
    ]);
    expect(c.stats()).toMatchObject({ loads: 2, residentModels: 2 });
  });

  it("reports the execution provider its owner named before anything loads, and merged snapshots list each distinct one", () => {
    const c = cache<FakeModel>({ executionProvider: "cpu" });
    expect(c.stats()).toMatchObject({ loads: 0, executionProviders: ["cpu"] });
    expect(cache<FakeModel>().stats().executionProviders).toEqual([]);

    const snapshot = () => JSON.parse(JSON.stringify(getPerformanceSnapshot())) as ReturnType<typeof getPerformanceSnapshot>;
    const gpuWorker = snapshot();
    gpuWorker.modelCaches[c.name]!.executionProviders = ["cuda"];
    // A process older than the field publishes snapshots without it.
    const older = snapshot();
    delete (older.modelCaches[c.name] as Partial<(typeof older.modelCaches)[string]>).executionProviders;
    expect(mergeSnapshots([snapshot(), gpuWorker, older, snapshot()]).modelCaches[c.name]!.executionProviders).toEqual(["cpu", "cuda"]);
    expect(mergeSnapshots([older]).modelCaches[c.name]!.executionProviders).toEqual([]);
  });

  it("lists itself in the registry until disposed", async () => {
    const c = cache<FakeModel>();
    expect(getModelCacheRegistry().get(c.name)).toBe(c);
    await c.dispose();
    expect(getModelCacheRegistry().get(c.name)).toBeUndefined();
  });

  it("rejects options that make no sense", () => {
    expect(() => new ModelCache({ maxModels: 0, register: false })).toThrow(/maxModels/);
    expect(() => new ModelCache({ idleTimeoutMs: -1, register: false })).toThrow(/idleTimeoutMs/);
  });

  it("serves real onnxruntime sessions and releases them only after the runs on them finish", async () => {
    const model = buildMlpModel({ inputSize: 16, layerSizes: [32, 8], seed: 3 });
    const releases: string[] = [];
    const c = cache<InferenceSession>({
      release: async (s, key) => {
        await s.release();
        releases.push(key);
      },
    });
    const loader = onnxModelLoader(model.bytes, createSessionFactory({ executionProvider: "cpu", intraOpNumThreads: 1 }));
    const x = Float32Array.from({ length: 16 * 4 }, (_, i) => Math.cos(i));
    const runs = Array.from({ length: 8 }, () =>
      c.withModel("mlp", loader, async (s) => (await s.run({ input: new Tensor("float32", x, [4, 16]) })).output!.data as Float32Array),
    );
    // Evict while those runs are queued on the session: they must still complete correctly.
    while ((c.stats().models[0]?.inFlight ?? 0) === 0) await new Promise((r) => setImmediate(r));
    expect(c.evict("mlp")).toBe(true);
    const outputs = await Promise.all(runs);
    const expected = model.forward(x, 4);
    for (const out of outputs) for (let i = 0; i < expected.length; i++) expect(out[i]).toBeCloseTo(expected[i]!, 4);
    await c.settled();
    expect(releases).toEqual(["mlp"]);
    expect(c.stats()).toMatchObject({ loads: 1, evictions: 1 });
    expect(c.stats().loadDurations.count).toBe(1);
  });
});
