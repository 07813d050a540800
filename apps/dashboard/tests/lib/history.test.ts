import { describe, expect, it } from "vitest";
import { pickHeadlineFunction, pivotByProcess } from "@/lib/history";

const api = { host: "h", pid: 1, role: "api" };
const worker = { host: "h", pid: 2, role: "worker" };

describe("pivotByProcess", () => {
  it("puts snapshots taken at the same time into one row with a column per process", () => {
    const { rows, keys } = pivotByProcess(
      [
        { takenAt: "2026-01-01T00:00:00Z", process: api, v: 1 },
        { takenAt: "2026-01-01T00:00:00Z", process: worker, v: 2 },
        { takenAt: "2026-01-01T00:01:00Z", process: worker, v: 3 },
      ],
      (p) => p.v,
    );
    expect(keys).toEqual(["api 1", "worker 2"]);
    expect(rows).toEqual([
      { t: Date.parse("2026-01-01T00:00:00Z"), "api 1": 1, "worker 2": 2 },
      { t: Date.parse("2026-01-01T00:01:00Z"), "worker 2": 3 },
    ]);
  });

  it("leaves out snapshots without the figure", () => {
    const { rows, keys } = pivotByProcess([{ takenAt: "2026-01-01T00:00:00Z", process: api }], () => null);
    expect(rows).toEqual([]);
    expect(keys).toEqual([]);
  });
});

describe("pickHeadlineFunction", () => {
  it("prefers the slowest inference function over slower unrelated ones", () => {
    expect(pickHeadlineFunction([{ name: "db.write", p95Ms: 90 }, { name: "pose.infer", p95Ms: 12 }, { name: "anomaly.score", p95Ms: 30 }])).toBe("anomaly.score");
  });

  it("falls back to the slowest function, and to nothing for no functions", () => {
    expect(pickHeadlineFunction([{ name: "a", p95Ms: 1 }, { name: "b", p95Ms: 5 }])).toBe("b");
    expect(pickHeadlineFunction([])).toBeUndefined();
  });
});
