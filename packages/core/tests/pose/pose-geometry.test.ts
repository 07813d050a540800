import { describe, expect, it } from "vitest";
import {
  cropAndResize,
  decodeDetections,
  generateAnchors,
  mapLandmarks,
  roiFromAlignmentPoints,
  roiToFrame,
  weightedNms,
  type Detection,
} from "../../src/pose";

const det = (score: number, x: number, y: number, size: number): Detection => ({
  score,
  x,
  y,
  width: size,
  height: size,
  keypoints: Float32Array.from([x, y, x, y - size, x, y, x, y]),
});

describe("BlazePose geometry", () => {
  it("generates one anchor per detector output row, stride-8 cells first", () => {
    const anchors = generateAnchors();
    expect(anchors).toHaveLength(2254);
    expect(anchors[0]).toEqual({ x: 0.5 / 28, y: 0.5 / 28 });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchors[28 * 28 * 2]).toEqual({ x: 0.5 / 14, y: 0.5 / 14 });
    // The three stride-32 layers share cells: six anchors per 7 x 7 cell.
    expect(anchors[2253]).toEqual({ x: 6.5 / 7, y: 6.5 / 7 });
    expect(anchors[2254 - 6]).toEqual(anchors[2253]);
  });

  it("decodes a row relative to its anchor and skips scores below the threshold", () => {
    const anchors = generateAnchors();
    const raw = new Float32Array(2254 * 13).fill(-10);
    const row = 100;
    raw.set([2, 22.4, -11.2, 44.8, 67.2, 0, 0, 11.2, 11.2, 0, 0, 0, 0], row * 13);
    const [d, ...rest] = decodeDetections(raw, anchors, 0.5);
    expect(rest).toHaveLength(0);
    const a = anchors[row]!;
    expect(d!.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d!.x).toBeCloseTo(a.x + 0.1, 6);
    expect(d!.y).toBeCloseTo(a.y - 0.05, 6);
    expect(d!.width).toBeCloseTo(0.2, 6);
    expect(d!.height).toBeCloseTo(0.3, 6);
    expect(d!.keypoints[2]).toBeCloseTo(a.x + 0.05, 6);
  });

  it("merges overlapping detections into their score-weighted average and keeps separate ones", () => {
    const merged = weightedNms([det(0.9, 0.5, 0.5, 0.2), det(0.3, 0.52, 0.5, 0.2), det(0.8, 0.1, 0.1, 0.1)]);
    expect(merged).toHaveLength(2);
    expect(merged[0]!.score).toBe(0.9);
    expect(merged[0]!.x).toBeCloseTo((0.5 * 0.9 + 0.52 * 0.3) / 1.2, 10);
    expect(merged[1]!.x).toBeCloseTo(0.1, 10);
  });

  it("turns alignment points into a square region rotated so the second point is up", () => {
    const upright = roiFromAlignmentPoints(100, 200, 100, 100);
    expect(upright).toMatchObject({ cx: 100, cy: 200, width: 250, height: 250 });
    expect(upright.rotation).toBeCloseTo(0, 12);
    // Second point to the right: the person leans 90 degrees clockwise on screen.
    expect(roiFromAlignmentPoints(100, 200, 200, 200).rotation).toBeCloseTo(Math.PI / 2, 12);
    const [x, y] = roiToFrame(roiFromAlignmentPoints(100, 200, 200, 200), 0.5, 0);
    expect(x).toBeCloseTo(100 + 125, 6);
    expect(y).toBeCloseTo(200, 6);
  });

  it("crops an axis-aligned region of the frame pixel for pixel and maps bytes onto the requested range", () => {
    const width = 8;
    const height = 6;
    const data = new Uint8Array(width * height * 3).map((_, i) => (i * 7) % 256);
    const out = cropAndResize({ data, width, height }, { cx: 4, cy: 3, width: 4, height: 4, rotation: 0 }, 4, 0, 1);
    for (let v = 0; v < 4; v++)
      for (let u = 0; u < 4; u++)
        for (let c = 0; c < 3; c++) expect(out[(v * 4 + u) * 3 + c]).toBeCloseTo(data[((v + 1) * width + u + 2) * 3 + c]! / 255, 6);
    const signed = cropAndResize({ data, width, height }, { cx: 4, cy: 3, width: 4, height: 4, rotation: 0 }, 4, -1, 1);
    expect(signed[0]).toBeCloseTo((data[(width + 2) * 3]! / 255) * 2 - 1, 6);
  });

  it("rotates the crop with the region and reads black outside the frame", () => {
    const width = 5;
    const height = 5;
    const data = new Uint8Array(width * height * 3);
    data.set([255, 255, 255], (2 * width + 4) * 3); // bright pixel right of centre
    const roi = { cx: 2.5, cy: 2.5, width: 5, height: 5, rotation: Math.PI / 2 };
    const out = cropAndResize({ data, width, height }, roi, 5, 0, 1);
    // A 90-degree clockwise region brings the right of the frame to the top of the crop.
    expect(out[(0 * 5 + 2) * 3]).toBeCloseTo(1, 6);
    const outside = cropAndResize({ data, width, height }, { cx: -10, cy: -10, width: 4, height: 4, rotation: 0 }, 2, -1, 1);
    expect(Array.from(outside)).toEqual(new Array(12).fill(-1));
  });

  it("maps crop-pixel landmarks back to normalised frame coordinates with sigmoid visibility", () => {
    const ld = new Float32Array(39 * 5);
    ld.set([128, 0, 64, 0, 100], 0);
    const out = mapLandmarks(ld, { cx: 300, cy: 200, width: 200, height: 200, rotation: 0 }, 600, 400);
    expect(out[0]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBeCloseTo(100 / 400, 6);
    expect(out[2]).toBeCloseTo((64 / 256) * (200 / 600), 6);
    expect(out[3]).toBeCloseTo(0.5, 6);
    expect(out[4]).toBeCloseTo(1, 6);
  });
});
