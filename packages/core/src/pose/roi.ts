/** A rotated rectangle in frame pixels: the region the landmark model sees. */
export interface Roi {
  /** Centre, pixels. */
  cx: number;
  cy: number;
  /** Side lengths, pixels (square for BlazePose). */
  width: number;
  height: number;
  /** Rotation in radians, clockwise in image coordinates (y down); 0 = person upright. */
  rotation: number;
}

/** Wraps an angle to [-pi, pi). */
export function normalizeRadians(angle: number): number {
  return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
}

/**
 * The region of interest MediaPipe derives from two alignment points (pixels): centred on the
 * first (hip centre), rotated so that the vector to the second points up, a square of side
 * twice their distance, enlarged by `scale` so that limbs stay inside.
 */
export function roiFromAlignmentPoints(x0: number, y0: number, x1: number, y1: number, scale = 1.25): Roi {
  const rotation = normalizeRadians(Math.PI / 2 - Math.atan2(-(y1 - y0), x1 - x0));
  const side = 2 * Math.hypot(x1 - x0, y1 - y0) * scale;
  return { cx: x0, cy: y0, width: side, height: side, rotation };
}

/** Maps a point given in ROI-normalised coordinates ([0, 1] across the crop) to frame pixels. */
export function roiToFrame(roi: Roi, u: number, v: number): [number, number] {
  const dx = (u - 0.5) * roi.width;
  const dy = (v - 0.5) * roi.height;
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  return [roi.cx + dx * c - dy * s, roi.cy + dx * s + dy * c];
}
