import { afterEach, describe, expect, it, vi } from "vitest";
import { ResultCache, cacheResult, getResultCache, getResultCacheRegistry, stableHash } from "../../src/cache";

const created: ResultCache[] = [];
function track<F extends (...args: never[]) => unknown>(fn: F): F {
  const c = getResultCache(fn);
  if (c) created.push(c);
  return fn;
}
const unique = (): string => `test-${Math.random().toString(36).slice(2)}`;

afterEach(() => {
  vi.useRealTimers();
  for (const c of created.splice(0)) c.dispose();
});

describe("cacheResult", () => {
  it("returns the cached result for equal arguments and counts hits and misses", () => {
    let calls = 0;
    const square = track(cacheResult({ name: unique(), maxSize: 10 })((x: number) => {
      calls++;
      return x * x;
    }));
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toBe(2);
    expect(getResultCache(square)!.stats()).toMatchObject({ hits: 2, misses: 2, size: 2 });
  });

  it("shares one computation among concurrent async calls with the same key", async () => {
    let calls = 0;
    const slow = track(cacheResult({ name: unique() })(async (id: string) => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return `${id}!`;
    }));
    const results = await Promise.all(Array.from({ length: 50 }, () => slow("a")));
    expect(new Set(results)).toEqual(new Set(["a!"]));
    expect(calls).toBe(1);
    expect(await slow("a")).toBe("a!");
    expect(getResultCache(slow)!.stats()).toMatchObject({ misses: 1, coalesced: 49, hits: 1 });
  });

  it("caches neither thrown errors nor rejections", async () => {
    let syncCalls = 0;
    const flaky = track(cacheResult({ name: unique() })((x: number) => {
      syncCalls++;
      if (syncCalls === 1) throw new Error("first call fails");
      return x + 1;
    }));
    expect(() => flaky(1)).toThrow("first call fails");
    expect(flaky(1)).toBe(2);
    let asyncCalls = 0;
    const flakyAsync = track(cacheResult({ name: unique() })(async (x: number) => {
      asyncCalls++;
      if (asyncCalls === 1) throw new Error("first rejection");
      return x * 10;
    }));
    const first = await Promise.allSettled([flakyAsync(2), flakyAsync(2)]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await flakyAsync(2)).toBe(20);
    expect(asyncCalls).toBe(2);
    expect(getResultCache(flakyAsync)!.stats().errors).toBe(1);
  });

  it("expires results after the ttl", () => {
    vi.useFakeTimers();
    let calls = 0;
    const now = track(cacheResult({ name: unique(), ttl: 1000 })((k: string) => `${k}${++calls}`));
    expect(now("a")).toBe("a1");
    vi.advanceTimersByTime(999);
    expect(now("a")).toBe("a1");
    vi.advanceTimersByTime(2);
    expect(now("a")).toBe("a2");
    expect(getResultCache(now)!.stats()).toMatchObject({ hits: 1, misses: 2, expirations: 1 });
  });

  it("evicts the least recently used result beyond maxSize and counts evictions", () => {
    let calls = 0;
    const id = track(cacheResult({ name: unique(), maxSize: 2 })((k: string) => {
      calls++;
      return k;
    }));
    id("a");
    id("b");
    id("a");
    id("c");
    expect(calls).toBe(3);
    id("a");
    expect(calls).toBe(3);
    id("b");
    expect(calls).toBe(4);
    expect(getResultCache(id)!.stats()).toMatchObject({ evictions: 2, size: 2 });
  });

  it("keys calls with an explicit key function when given one", () => {
    const seen: number[] = [];
    const big = track(cacheResult({ name: unique(), key: (file: { path: string; bytes: Uint8Array }) => file.path })((file: { path: string; bytes: Uint8Array }) => {
      seen.push(file.bytes.length);
      return file.bytes.length;
    }));
    expect(big({ path: "/a", bytes: new Uint8Array(10) })).toBe(10);
    expect(big({ path: "/a", bytes: new Uint8Array(99) })).toBe(10);
    expect(seen).toEqual([10]);
  });

  it("memoises a decorated method and lists its cache in the registry", async () => {
    const name = unique();
    let calls = 0;
    class Scorer {
      constructor(private readonly bias: number) {}
      @cacheResult({ name, key(this: Scorer, x: number) { return `${this.bias}:${x}`; } })
      async score(x: number): Promise<number> {
        calls++;
        return x + this.bias;
      }
    }
    const registered = getResultCacheRegistry().get(name)!;
    created.push(registered);
    const one = new Scorer(1);
    const two = new Scorer(2);
    expect(await one.score(5)).toBe(6);
    expect(await one.score(5)).toBe(6);
    expect(await two.score(5)).toBe(7);
    expect(calls).toBe(2);
    expect(registered.stats()).toMatchObject({ hits: 1, misses: 2 });
    registered.clear();
    expect(registered.stats().size).toBe(0);
    await one.score(5);
    expect(calls).toBe(3);
  });

  it("does not store a result computed across a clear", async () => {
    let calls = 0;
    const gate: { open?: () => void } = {};
    const slow = track(cacheResult({ name: unique() })(async () => {
      calls++;
      await new Promise<void>((r) => (gate.open = r));
      return calls;
    }));
    const pending = slow();
    getResultCache(slow)!.clear();
    gate.open!();
    await pending;
    expect(getResultCache(slow)!.stats().size).toBe(0);
  });

  it("rejects a maxSize below one", () => {
    expect(() => new ResultCache({ maxSize: 0, register: false })).toThrow(/maxSize/);
  });
});

describe("stableHash", () => {
  it("is the same for equal values whatever the key order and differs when a leaf differs", () => {
    expect(stableHash([{ a: 1, b: [1, 2] }])).toBe(stableHash([{ b: [1, 2], a: 1 }]));
    expect(stableHash([{ a: 1 }])).not.toBe(stableHash([{ a: 2 }]));
    expect(stableHash([new Float32Array([1, 2])])).not.toBe(stableHash([new Float32Array([1, 3])]));
    expect(stableHash(["1"])).not.toBe(stableHash([1]));
    expect(stableHash([new Map([["x", 1]])])).toBe(stableHash([new Map([["x", 1]])]));
  });

  it("refuses functions and cycles, which have no stable identity", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableHash([() => 1])).toThrow(/key function/);
    expect(() => stableHash([cyclic])).toThrow(/cyclic/);
  });
});
