import type { Detection } from "./detection";

function iou(a: Detection, b: Detection): number {
  const ix = Math.min(a.x + a.width / 2, b.x + b.width / 2) - Math.max(a.x - a.width / 2, b.x - b.width / 2);
  const iy = Math.min(a.y + a.height / 2, b.y + b.height / 2) - Math.max(a.y - a.height / 2, b.y - b.height / 2);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Weighted non-max suppression (MediaPipe's WEIGHTED mode): each cluster of boxes overlapping
 * the best remaining one by more than `iouThreshold` is merged into a score-weighted average
 * of boxes and keypoints, which is steadier across frames than keeping the single best box.
 * Returns the merged detections, best first.
 */
export function weightedNms(detections: readonly Detection[], iouThreshold = 0.3): Detection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const out: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (d === best || iou(best, d) > iouThreshold ? cluster : rest).push(d);
    let total = 0;
    const merged: Detection = { score: best.score, x: 0, y: 0, width: 0, height: 0, keypoints: new Float32Array(best.keypoints.length) };
    for (const d of cluster) {
      total += d.score;
      merged.x += d.x * d.score;
      merged.y += d.y * d.score;
      merged.width += d.width * d.score;
      merged.height += d.height * d.score;
      for (let k = 0; k < merged.keypoints.length; k++) merged.keypoints[k]! += d.keypoints[k]! * d.score;
    }
    merged.x /= total;
    merged.y /= total;
    merged.width /= total;
    merged.height /= total;
    for (let k = 0; k < merged.keypoints.length; k++) merged.keypoints[k]! /= total;
    out.push(merged);
    remaining = rest;
  }
  return out;
}
