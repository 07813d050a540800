/** One video frame as packed 8-bit RGB, row-major, `width * height * 3` bytes. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}
