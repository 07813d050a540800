// Reads the joint sequence the API stores for each analysis (GET /analyses/:id/keypoints): the
// keypoint codec of @gma/core, format version 1, decoded here in the browser.
//
// | bytes | field |
// |---|---|
// | 0-3 | magic `GMAK` |
// | 4 | version (1) |
// | 5 | flags (bit 0: timestamps present) |
// | 6-7 | joint count (uint16) |
// | 8-15 | fps (float64) |
// | 16-19 | frame count (uint32) |
// | 24-31 | minimum value (float64) |
// | 32-39 | quantisation step (float64) |
// | 40- | zlib deflate of: int16 codes channel by channel, each delta-coded over frames (mod 2^16), as a plane of low bytes then one of high bytes; then float64 timestamps when flagged |

const HEADER_BYTES = 40;
const NAN_CODE = -32768;
const FLAG_TIMESTAMPS = 1;

/** Raised for bytes that are not a joint sequence this dashboard can read. */
export class ReplayFormatError extends Error {
  readonly code = "KEYPOINTS_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "ReplayFormatError";
  }
}

/** A decoded joint sequence with the skeleton to draw it with. */
export interface ReplaySequence {
  fps: number;
  frameCount: number;
  jointCount: number;
  /** frameCount x jointCount x (x, y, z); NaN where a joint is missing. */
  data: Float32Array;
  /** True time of each frame in ms, when the recording had them. */
  timestampsMs: Float64Array | undefined;
  /** Joint names in index order. */
  joints: string[];
  /** Bones as [parent, child] joint indices. */
  bones: [number, number][];
}

/** zlib-inflates with the browser's (or Node's) Compression Streams. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new ReplayFormatError("The joint sequence's compressed payload is damaged.");
  }
}

/** Parses `X-Skeleton-Bones` (`parent-child` pairs, comma-separated) against the joint count. */
export function parseBones(header: string | null, jointCount: number): [number, number][] {
  if (!header) return [];
  return header.split(",").flatMap((pair) => {
    const [a, b] = pair.split("-").map(Number);
    return Number.isInteger(a) && Number.isInteger(b) && a! >= 0 && b! >= 0 && a! < jointCount && b! < jointCount ? [[a!, b!] as [number, number]] : [];
  });
}

/**
 * Decodes an encoded joint sequence; `joints` and `bones` come from the response's
 * X-Skeleton-Joints and X-Skeleton-Bones headers.
 *
 * @throws ReplayFormatError for anything but format version 1.
 */
export async function decodeReplaySequence(buffer: ArrayBuffer, skeleton: { joints?: string | null; bones?: string | null } = {}): Promise<ReplaySequence> {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== "GMAK") throw new ReplayFormatError("Not a GMA joint sequence (the GMAK signature is missing).");
  const view = new DataView(buffer);
  const version = view.getUint8(4);
  if (version !== 1) throw new ReplayFormatError(`Joint sequence format version ${version} is not supported (this dashboard reads version 1).`);
  const hasTimestamps = (view.getUint8(5) & FLAG_TIMESTAMPS) !== 0;
  const jointCount = view.getUint16(6, true);
  const fps = view.getFloat64(8, true);
  const frameCount = view.getUint32(16, true);
  const min = view.getFloat64(24, true);
  const step = view.getFloat64(32, true);
  if (!(fps > 0) || jointCount === 0) throw new ReplayFormatError("The joint sequence's header is damaged.");

  const raw = await inflate(bytes.subarray(HEADER_BYTES));
  const channels = jointCount * 3;
  const n = channels * frameCount;
  const expected = 2 * n + (hasTimestamps ? 8 * frameCount : 0);
  if (raw.length !== expected) throw new ReplayFormatError(`The joint sequence holds ${raw.length} bytes, expected ${expected}.`);

  const data = new Float32Array(n);
  let at = 0;
  for (let c = 0; c < channels; c++) {
    let code = 0;
    for (let f = 0; f < frameCount; f++) {
      const delta = raw[at]! | (raw[n + at]! << 8);
      at++;
      // Sum mod 2^16, read back as a signed 16-bit code.
      code = (((code + delta) & 0xffff) << 16) >> 16;
      data[f * channels + c] = code === NAN_CODE ? Number.NaN : min + (code + 32767) * step;
    }
  }
  const timestampsMs = hasTimestamps ? new Float64Array(raw.slice(2 * n, expected).buffer) : undefined;
  const names = skeleton.joints ? skeleton.joints.split(",") : [];
  return {
    fps,
    frameCount,
    jointCount,
    data,
    timestampsMs,
    joints: names.length === jointCount ? names : Array.from({ length: jointCount }, (_, j) => `joint ${j}`),
    bones: parseBones(skeleton.bones ?? null, jointCount),
  };
}

/** Frame shown at `t` seconds: the last frame at or before it (true timestamps when known), clamped. */
export function frameAtTime(sequence: Pick<ReplaySequence, "fps" | "frameCount" | "timestampsMs">, t: number): number {
  const { frameCount, timestampsMs } = sequence;
  if (frameCount === 0) return 0;
  if (!timestampsMs) return Math.max(0, Math.min(frameCount - 1, Math.floor(t * sequence.fps + 1e-9)));
  const ms = t * 1000;
  let lo = 0;
  let hi = frameCount - 1;
  if (ms <= timestampsMs[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timestampsMs[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the sequence in seconds (to the end of its last frame). */
export function sequenceDurationS(sequence: Pick<ReplaySequence, "fps" | "frameCount" | "timestampsMs">): number {
  const { frameCount, timestampsMs, fps } = sequence;
  if (frameCount === 0) return 0;
  return timestampsMs ? timestampsMs[frameCount - 1]! / 1000 + 1 / fps : frameCount / fps;
}

/** Bounds of x and y over every finite point of every frame, so the figure holds still while playing. */
export function sequenceBounds(sequence: Pick<ReplaySequence, "data">): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { data } = sequence;
  for (let i = 0; i + 2 < data.length; i += 3) {
    const x = data[i]!;
    const y = data[i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}
