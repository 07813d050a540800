/** One decoded frame, packed RGB (3 bytes per pixel, row-major, no padding). */
export interface VideoFrame {
  /** Position in the resampled stream, from 0. */
  index: number;
  /** Presentation time in milliseconds on the video's own timeline (0 = start of the file). */
  timestampMs: number;
  /** width x height x 3 bytes. */
  data: Uint8Array;
  width: number;
  height: number;
}
