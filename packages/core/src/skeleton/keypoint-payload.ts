// The payload of a keypoint file (format version 1): its value planes and its frame times.
// Imports nothing: the dashboard bundles this for the browser (@gma/core/keypoint-payload), so
// that the skeleton replay decodes and checks stored joint sequences with the same code as the
// CLI and API.

/** Code of a missing value (NaN) in a keypoint file's int16 planes. */
export const KEYPOINT_NAN_CODE = -32768;

/** What {@link decodeKeypointPlanes} decoded. */
export interface DecodedKeypointPlanes {
  /** frameCount x channels values, frame by frame; NaN where a value is missing. */
  data: Float32Array;
  /** Index into `data` of the first value `accept` refused (channel by channel), or -1. */
  rejected: number;
}

/**
 * Decodes the value planes of a keypoint file's inflated payload (format version 1,
 * packages/core/docs/keypoint-formats.md): int16 codes channel by channel, each delta-coded over
 * frames modulo 2^16, as a plane of low bytes then one of high bytes; a code c is the value
 * `min + (c + 32767) * step`, and {@link KEYPOINT_NAN_CODE} a missing one. Stops at the first
 * value `accept` refuses, so that each reader raises its own error naming where it is.
 *
 * @param raw the inflated payload: at least `2 x frameCount x channels` bytes.
 */
export function decodeKeypointPlanes(raw: Uint8Array, frameCount: number, channels: number, min: number, step: number, accept: (value: number) => boolean): DecodedKeypointPlanes {
  const n = channels * frameCount;
  const data = new Float32Array(n);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    let code = 0;
    for (let f = 0; f < frameCount; f++) {
      const delta = raw[at]! | (raw[n + at]! << 8);
      at++;
      // Sum mod 2^16, read back as a signed 16-bit code.
      code = (((code + delta) & 0xffff) << 16) >> 16;
      const i = f * channels + c;
      if (code === KEYPOINT_NAN_CODE) {
        data[i] = Number.NaN;
        continue;
      }
      data[i] = min + (code + 32767) * step;
      if (!accept(data[i]!)) return { data, rejected: i };
    }
  }
  return { data, rejected: -1 };
}

/**
 * Index of the first frame time that is not finite or does not come after the one before it, or
 * -1 when they all strictly increase: what every keypoint reader and writer requires, since
 * windows, gap filling and the replay place frames by these times.
 */
export function firstInvalidTimestamp(ts: ArrayLike<number>): number {
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isFinite(ts[i]!) || (i > 0 && !(ts[i]! > ts[i - 1]!))) return i;
  }
  return -1;
}
