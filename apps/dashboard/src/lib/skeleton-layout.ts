/** Bounds of a sequence's x and y over all its frames (`sequenceBounds` in replay-sequence.ts). */
export interface SkeletonBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Where the skeleton replay draws a sequence on its canvas. */
export interface SkeletonLayout {
  /** Canvas pixels per unit of the normalised coordinates. */
  scale: number;
  /** The canvas position of a normalised point (x, y). */
  toCanvas(x: number, y: number): [number, number];
}

/** Share of the canvas's limiting side the figure fills, leaving room for the L and R labels. */
const FILL = 0.85;

/**
 * Fits the whole sequence's bounds (not one frame's, so that the figure holds still while it
 * plays) into 85 % of a `width` x `height` canvas, centred, with one scale for both axes.
 *
 * Normalisation turned each frame so that pelvis -> neck points along +y in image axes (y down);
 * the layout turns it back by half a turn (x and y both reversed) to put the head at the top
 * without mirroring, so the infant's left is on the viewer's right, as a camera facing the
 * infant sees it. A sequence whose points all share one x (or one y) is centred on that axis.
 *
 * @returns null when the bounds hold no point (every joint of every frame missing)
 */
export function skeletonLayout(bounds: SkeletonBounds, width: number, height: number): SkeletonLayout | null {
  if (![bounds.minX, bounds.minY, bounds.maxX, bounds.maxY].every(Number.isFinite)) return null;
  const spanX = bounds.maxX - bounds.minX || 1;
  const spanY = bounds.maxY - bounds.minY || 1;
  const scale = FILL * Math.min(width / spanX, height / spanY);
  const ox = (width - scale * (bounds.maxX - bounds.minX)) / 2;
  const oy = (height - scale * (bounds.maxY - bounds.minY)) / 2;
  return { scale, toCanvas: (x, y) => [ox + scale * (bounds.maxX - x), oy + scale * (bounds.maxY - y)] };
}
