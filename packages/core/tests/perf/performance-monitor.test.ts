import { afterEach, describe, expect, it } from "vitest";
import { PerformanceMonitor, getPerformanceStats, resetPerformanceStats, timed } from "../../src/perf";

afterEach(() => resetPerformanceStats());

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("timed", () => {
  it("times sync calls and passes their results through", () => {
    const add = timed("test.add")((a: number, b: number) => {
      busy(1);
      return a + b;
    });
    expect(add(2, 3)).toBe(5);
    add(1, 1);
    const s = getPerformanceStats()["test.add"]!;
    expect(s.count).toBe(2);
    expect(s.minMs).toBeGreaterThanOrEqual(1);
    expect(s.errors).toBe(0);
  });

  it("times async calls until their promise settles", async () => {
    const wait = timed("test.wait")(async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      return ms;
    });
    expect(await wait(15)).toBe(15);
    expect(getPerformanceStats()["test.wait"]!.minMs).toBeGreaterThanOrEqual(14);
  });

  it("counts throws and rejections as errors and rethrows them unchanged", async () => {
    const error = new Error("boom");
    const sync = timed("test.fail")(() => {
      throw error;
    });
    const async_ = timed("test.fail")(async () => {
      throw error;
    });
    expect(() => sync()).toThrow(error);
    await expect(async_()).rejects.toBe(error);
    expect(getPerformanceStats()["test.fail"]).toMatchObject({ count: 2, errors: 2 });
  });

  it("decorates methods and keeps `this`", async () => {
    class Stage {
      factor = 4;
      @timed("test.stage")
      run(x: number): number {
        return x * this.factor;
      }
    }
    expect(new Stage().run(2)).toBe(8);
    expect(getPerformanceStats()["test.stage"]!.count).toBe(1);
  });

  it("keeps separate monitors apart and forgets on reset", () => {
    const m = new PerformanceMonitor();
    m.measure("x", () => 1);
    expect(Object.keys(m.stats())).toEqual(["x"]);
    expect(getPerformanceStats()["x"]).toBeUndefined();
    m.reset();
    expect(m.stats()).toEqual({});
  });

  it("runs timed functions and returns their results, sync and async, but records nothing while disabled", async () => {
    const m = new PerformanceMonitor();
    const add = m.timed("off.add")((a: number, b: number) => a + b);
    const later = m.timed("off.later")(async (x: number) => {
      await new Promise((r) => setTimeout(r, 1));
      return x * 2;
    });
    const error = new Error("boom");
    const fail = m.timed("off.fail")(() => {
      throw error;
    });
    m.measure("kept", () => 1);
    m.setEnabled(false);
    expect(m.enabled).toBe(false);
    expect(add(2, 3)).toBe(5);
    expect(await later(4)).toBe(8);
    expect(() => fail()).toThrow(error);
    expect(m.measure("off.measure", () => "x")).toBe("x");
    m.record("off.record", 3);
    expect(Object.keys(m.stats())).toEqual(["kept"]);

    m.setEnabled(true);
    expect(add(1, 1)).toBe(2);
    expect(m.stats()["off.add"]!.count).toBe(1);
    expect(m.stats()["kept"]!.count).toBe(1);
  });
});
