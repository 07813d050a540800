import type { RgbFrame } from "./rgb-frame";
import type { Roi } from "./roi";

/**
 * Samples the rotated region `roi` of `frame` into a `size` x `size` NHWC float tensor with
 * bilinear interpolation, mapping byte values 0..255 linearly onto [lo, hi]; pixels outside
 * the frame read as 0 (black). A tight typed-array loop: measured faster than doing the crop
 * inside an onnxruntime graph (see docs/pose-models.md), mostly because the graph would first
 * need the whole frame as floats.
 */
export function cropAndResize(frame: RgbFrame, roi: Roi, size: number, lo: number, hi: number, out = new Float32Array(size * size * 3)): Float32Array {
  const { data, width: W, height: H } = frame;
  const k = (hi - lo) / 255;
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  // Frame position of crop pixel (u, v) is origin + u * du + v * dv (pixel centres).
  const ux = (roi.width / size) * c;
  const uy = (roi.width / size) * s;
  const vx = (-roi.height / size) * s;
  const vy = (roi.height / size) * c;
  const ox = roi.cx - (size / 2 - 0.5) * ux - (size / 2 - 0.5) * vx - 0.5;
  const oy = roi.cy - (size / 2 - 0.5) * uy - (size / 2 - 0.5) * vy - 0.5;
  const stride = W * 3;
  let o = 0;
  for (let v = 0; v < size; v++) {
    let fx = ox + v * vx;
    let fy = oy + v * vy;
    for (let u = 0; u < size; u++, fx += ux, fy += uy, o += 3) {
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < W && y0 + 1 < H) {
        const p = y0 * stride + x0 * 3;
        const q = p + stride;
        const w00 = (1 - ax) * (1 - ay);
        const w01 = ax * (1 - ay);
        const w10 = (1 - ax) * ay;
        const w11 = ax * ay;
        out[o] = lo + k * (data[p]! * w00 + data[p + 3]! * w01 + data[q]! * w10 + data[q + 3]! * w11);
        out[o + 1] = lo + k * (data[p + 1]! * w00 + data[p + 4]! * w01 + data[q + 1]! * w10 + data[q + 4]! * w11);
        out[o + 2] = lo + k * (data[p + 2]! * w00 + data[p + 5]! * w01 + data[q + 2]! * w10 + data[q + 5]! * w11);
      } else {
        // Border: each tap outside the frame contributes black.
        let r = 0;
        let g = 0;
        let b = 0;
        for (let t = 0; t < 4; t++) {
          const xx = x0 + (t & 1);
          const yy = y0 + (t >> 1);
          if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
          const w = (t & 1 ? ax : 1 - ax) * (t >> 1 ? ay : 1 - ay);
          const p = yy * stride + xx * 3;
          r += data[p]! * w;
          g += data[p + 1]! * w;
          b += data[p + 2]! * w;
        }
        out[o] = lo + k * r;
        out[o + 1] = lo + k * g;
        out[o + 2] = lo + k * b;
      }
    }
  }
  return out;
}
