import { describe, expect, it } from "vitest";
import { skeletonLayout } from "@/lib/skeleton-layout";

/** The canvas the replay draws on (skeleton-player.tsx). */
const [W, H] = [480, 360];

describe("skeletonLayout (where the skeleton replay draws a sequence)", () => {
  it("fits the sequence's bounds into 85 % of the canvas's limiting side, centred, one scale for both axes", () => {
    // Taller than the canvas's 4:3: the height limits.
    const tall = skeletonLayout({ minX: -0.5, maxX: 0.5, minY: -0.6, maxY: 0.6 }, W, H)!;
    expect(tall.scale).toBeCloseTo((0.85 * H) / 1.2, 9);
    const [left, top] = tall.toCanvas(0.5, 0.6);
    const [right, bottom] = tall.toCanvas(-0.5, -0.6);
    expect(bottom - top).toBeCloseTo(0.85 * H, 9);
    expect(right - left).toBeCloseTo(tall.scale * 1, 9);
    expect((left + right) / 2).toBeCloseTo(W / 2, 9);
    expect((top + bottom) / 2).toBeCloseTo(H / 2, 9);
    // Wider than 4:3: the width limits.
    const wide = skeletonLayout({ minX: 0, maxX: 2, minY: 0, maxY: 0.5 }, W, H)!;
    expect(wide.scale).toBeCloseTo((0.85 * W) / 2, 9);
    expect(wide.toCanvas(1, 0.25)).toEqual([expect.closeTo(W / 2, 9), expect.closeTo(H / 2, 9)]);
  });

  it("turns the normalised figure half a turn: larger y (towards the head) is higher up, larger x further left", () => {
    const layout = skeletonLayout({ minX: -1, maxX: 1, minY: -1, maxY: 1 }, W, H)!;
    const [cx, cy] = layout.toCanvas(0, 0);
    const [headX, headY] = layout.toCanvas(0, 0.5);
    const [sideX, sideY] = layout.toCanvas(0.5, 0);
    expect(headY).toBeLessThan(cy);
    expect(headX).toBeCloseTo(cx, 9);
    expect(sideX).toBeLessThan(cx);
    expect(sideY).toBeCloseTo(cy, 9);
    // A half turn, not a mirror: distances are kept, scaled.
    expect(cy - headY).toBeCloseTo(0.5 * layout.scale, 9);
    expect(cx - sideX).toBeCloseTo(0.5 * layout.scale, 9);
  });

  it("centres a sequence whose points all share one x or one y instead of dividing by zero", () => {
    const line = skeletonLayout({ minX: 0.2, maxX: 0.2, minY: -0.5, maxY: 0.5 }, W, H)!;
    const [x, y] = line.toCanvas(0.2, 0.5);
    expect(Number.isFinite(line.scale)).toBe(true);
    expect(x).toBeCloseTo(W / 2, 9);
    expect(y).toBeCloseTo(H / 2 - (0.85 * H) / 2, 9);
    const point = skeletonLayout({ minX: 3, maxX: 3, minY: 4, maxY: 4 }, W, H)!;
    expect(point.toCanvas(3, 4)).toEqual([expect.closeTo(W / 2, 9), expect.closeTo(H / 2, 9)]);
  });

  it("has no layout for a sequence with no point at all", () => {
    expect(skeletonLayout({ minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity }, W, H)).toBeNull();
    expect(skeletonLayout({ minX: Number.NaN, maxX: 1, minY: 0, maxY: 1 }, W, H)).toBeNull();
  });
});
