import { DEFAULT_WINDOW_SIZE } from "./default-window-size";
import { DEFAULT_MIN_VALID_JOINTS, findGapFrames } from "./gap-frames";
import { JOINT_COUNT, VALUES_PER_FRAME, assertJointSequence, type JointSequence } from "./joint-sequence";

/** Options of {@link buildWindows}. */
export interface WindowOptions {
  /**
   * Frames per window.
   * @defaultValue {@link DEFAULT_WINDOW_SIZE} (30)
   */
  windowSize?: number;
  /**
   * Frames between the starts of consecutive windows within a run of good frames.
   * @defaultValue 1
   */
  stride?: number;
  /**
   * A frame with fewer valid joints than this is a gap, and no window spans it.
   * @defaultValue 15
   */
  minValidJoints?: number;
}

/** Windows cut from a joint sequence, ready for the autoencoder. */
export interface WindowSet {
  /** count x windowSize x 75 values, float32, no NaN. */
  windows: Float32Array;
  /** Number of windows. */
  count: number;
  /** Frame index of each window's first frame. */
  startFrames: Int32Array;
  /** Frames per window. */
  windowSize: number;
  /** True time of each window's first frame, when the sequence carries timestamps. */
  startTimesMs?: Float64Array;
}

function validateWindowOptions(options: WindowOptions): Required<WindowOptions> {
  const windowSize = options.windowSize ?? DEFAULT_WINDOW_SIZE;
  const stride = options.stride ?? 1;
  const minValidJoints = options.minValidJoints ?? DEFAULT_MIN_VALID_JOINTS;
  if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`windowSize must be a positive integer, got ${windowSize}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  if (!Number.isInteger(minValidJoints) || minValidJoints < 1 || minValidJoints > JOINT_COUNT) {
    throw new RangeError(`minValidJoints must be an integer in 1..${JOINT_COUNT}, got ${minValidJoints}`);
  }
  return { windowSize, stride, minValidJoints };
}

/**
 * Cuts a sequence into windows of `windowSize` frames, `stride` frames apart, that never span a
 * gap: each run of good frames is windowed from its own first frame. A joint still missing in a
 * good frame (one never seen in its run) is written as 0, the bounding-box centre after
 * normalisation, because the model takes no NaN.
 */
export function buildWindows(seq: JointSequence, options: WindowOptions = {}): WindowSet {
  assertJointSequence(seq);
  const { windowSize, stride, minValidJoints } = validateWindowOptions(options);
  const n = seq.frameCount;
  const gaps = findGapFrames(seq.data, n, minValidJoints);

  const starts: number[] = [];
  let runStart = 0;
  while (runStart < n) {
    if (gaps[runStart]) {
      runStart++;
      continue;
    }
    let runEnd = runStart;
    while (runEnd + 1 < n && !gaps[runEnd + 1]) runEnd++;
    for (let s = runStart; s + windowSize - 1 <= runEnd; s += stride) starts.push(s);
    runStart = runEnd + 1;
  }

  const frameValues = windowSize * VALUES_PER_FRAME;
  const windows = new Float32Array(starts.length * frameValues);
  // Frames are contiguous in the sequence, so a window is one block copy.
  for (let w = 0; w < starts.length; w++) {
    const s = starts[w]!;
    windows.set(seq.data.subarray(s * VALUES_PER_FRAME, s * VALUES_PER_FRAME + frameValues), w * frameValues);
  }
  for (let i = 0; i < windows.length; i++) if (!Number.isFinite(windows[i]!)) windows[i] = 0;

  const result: WindowSet = { windows, count: starts.length, startFrames: Int32Array.from(starts), windowSize };
  const ts = seq.timestampsMs;
  if (ts) result.startTimesMs = Float64Array.from(starts, (s) => ts[s]!);
  return result;
}
