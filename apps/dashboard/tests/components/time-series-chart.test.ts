import { describe, expect, it } from "vitest";
import { pointCount } from "@/components/charts/time-series-chart";
import { pivotByProcess } from "@/lib/history";

describe("the time-series chart's points per series", () => {
  it("counts each process's own snapshots in rows pivoted per process, where the others' columns are empty", () => {
    // Two processes snapshot a second apart: every row holds one of them, so the chart must bridge
    // the gaps (and draw a lone snapshot as a dot) or neither line shows.
    const { rows, keys } = pivotByProcess(
      [
        { takenAt: "2026-12-05T03:32:12.000Z", process: { host: "vm", pid: 1, role: "api" }, rss: 100 },
        { takenAt: "2026-12-05T03:32:13.000Z", process: { host: "vm", pid: 2, role: "worker" }, rss: 200 },
        { takenAt: "2026-12-05T03:32:42.000Z", process: { host: "vm", pid: 1, role: "api" }, rss: 110 },
      ],
      (p) => p.rss,
    );
    expect(keys).toEqual(["api 1", "worker 2"]);
    expect(rows).toHaveLength(3);
    expect(pointCount(rows, "api 1")).toBe(2);
    expect(pointCount(rows, "worker 2")).toBe(1);
    expect(pointCount(rows, "nobody 3")).toBe(0);
  });
});
