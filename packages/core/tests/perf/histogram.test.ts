import { describe, expect, it } from "vitest";
import { Histogram } from "../../src/perf";
import { percentile } from "../../src/bench";
import { prng } from "./prng";

describe("Histogram", () => {
  it("reports count, mean, min and max exactly and percentiles within 5 %", () => {
    const random = prng(7);
    const values = Array.from({ length: 5000 }, () => Math.exp(random() * 8 - 3));
    const h = new Histogram();
    for (const v of values) h.record(v);
    const s = h.stats();
    expect(s.count).toBe(5000);
    expect(s.meanMs).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    expect(s.minMs).toBe(Math.min(...values));
    expect(s.maxMs).toBe(Math.max(...values));
    for (const [p, got] of [[50, s.p50Ms], [95, s.p95Ms], [99, s.p99Ms]] as const) {
      const exact = percentile(values, p);
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.05);
    }
  });

  it("merges snapshots into the same statistics as recording everything in one", () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    [1, 2, 3, 40].forEach((v) => (a.record(v), all.record(v)));
    [0.5, 7, 900].forEach((v) => (b.record(v, true), all.record(v, true)));
    const merged = Histogram.fromSnapshot(JSON.parse(JSON.stringify(a.snapshot()))).merge(b.snapshot());
    expect(merged.stats()).toEqual(all.stats());
    expect(merged.stats().errors).toBe(3);
  });

  it("reports zeros when empty", () => {
    expect(new Histogram().stats()).toMatchObject({ count: 0, meanMs: 0, p99Ms: 0 });
  });
});
