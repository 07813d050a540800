import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  DEFAULT_MIN_VALID_JOINTS,
  KEYPOINT_CODEC_MAGIC,
  KEYPOINT_FILE_FORMATS,
  KeypointsInvalidError,
  checkFpsAgrees,
  countValidJoints,
  decodeKeypoints,
  importKeypoints,
  type ImportKeypointsOptions,
  type JointSequence,
  type KeypointProvenance,
} from "../skeleton";
import { resampleSequence } from "../synthetic";
import type { PoseFrameStats } from "./video-to-joints";

/** Options of {@link keypointsToJoints} and {@link readKeypointsFile}. */
export interface KeypointsToJointsOptions extends ImportKeypointsOptions {
  /**
   * Analysis frame rate; recordings at another rate are resampled to it (linear interpolation).
   * @defaultValue 25
   */
  analysisFps?: number;
  /**
   * A frame with fewer visible joints than this has no valid pose.
   * @defaultValue 15
   */
  minValidJoints?: number;
}

/** Joints of a keypoint file at the analysis rate, with the same frame statistics as video gives. */
export interface KeypointsToJointsResult {
  joints: JointSequence;
  stats: PoseFrameStats;
  /** Where the keypoints came from: the binary `.gmak` format or an import format. */
  format: "gmak" | "mediapipe-33" | "joints-25";
  /** Frame rate of the file before resampling. */
  sourceFps: number;
  /** What a JSON file says of itself (simulated, its movement class, the infant's age), when it says any of it. */
  provenance?: KeypointProvenance;
}

/**
 * Frame statistics of a joint sequence: frames with at least `minValidJoints` joints count as a
 * valid pose. A keypoint file does not say where the image border was (its coordinates may be
 * relative to a crop, or metres), so every valid frame counts as in frame: the quality gate then
 * judges coverage by the valid-pose share alone.
 */
export function jointFrameStats(seq: JointSequence, minValidJoints: number = DEFAULT_MIN_VALID_JOINTS): PoseFrameStats {
  let detected = 0;
  let valid = 0;
  for (let f = 0; f < seq.frameCount; f++) {
    const n = countValidJoints(seq.data, f);
    if (n > 0) detected++;
    if (n >= minValidJoints) valid++;
  }
  return { frameCount: seq.frameCount, detectedFrames: detected, validPoseFrames: valid, inFrameFrames: valid, durationS: seq.frameCount / seq.fps, fps: seq.fps };
}

/**
 * Turns the bytes of a keypoint file into joints at the analysis rate: the binary `.gmak`
 * format (recognised by its signature, or named by `options.extension`) or JSON / CSV with 33
 * landmarks or 25 joints per frame (see {@link importKeypoints} for how they are told apart).
 *
 * @throws KeypointsInvalidError naming what is wrong with the file; KeypointsFpsConflictError
 * when the file's own rate contradicts the one given under `options.fpsOption`.
 */
export function keypointsToJoints(bytes: Uint8Array, options: KeypointsToJointsOptions = {}): KeypointsToJointsResult {
  const analysisFps = options.analysisFps ?? 25;
  if (!(Number.isFinite(analysisFps) && analysisFps > 0)) throw new RangeError(`analysisFps must be a positive number, got ${analysisFps}`);
  let seq: JointSequence;
  let format: KeypointsToJointsResult["format"];
  let provenance: KeypointProvenance | undefined;
  const extension = options.extension?.toLowerCase();
  // A .gmak without the signature is a damaged .gmak, and decodeKeypoints says so.
  if ((bytes.length >= 4 && Buffer.from(bytes.subarray(0, 4)).toString("ascii") === KEYPOINT_CODEC_MAGIC) || extension === ".gmak") {
    seq = decodeKeypoints(bytes);
    checkFpsAgrees(seq.fps, options);
    format = "gmak";
  } else {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    if (text.includes("\u0000")) throw notKeypoints(extension);
    const imported = importKeypoints(text, options);
    seq = imported.joints;
    format = imported.format;
    provenance = imported.provenance;
  }
  const sourceFps = seq.fps;
  if (seq.fps !== analysisFps) seq = resampleSequence(seq, analysisFps);
  return { joints: seq, stats: jointFrameStats(seq, options.minValidJoints), format, sourceFps, ...(provenance ? { provenance } : {}) };
}

const VIDEO_EXTENSIONS = new Set([".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".3gp", ".mpg", ".mpeg", ".wmv"]);

/** The error for binary content that is no .gmak: a video given as keypoints is told so. */
function notKeypoints(extension: string | undefined): KeypointsInvalidError {
  if (extension !== undefined && VIDEO_EXTENSIONS.has(extension)) {
    return new KeypointsInvalidError(`The keypoint file is a video (${extension}), not keypoints`, { hint: "Analyse a video as a video: `gma analyze <video>`, without --keypoints." });
  }
  return new KeypointsInvalidError("The keypoint file is binary but not a GMA keypoint file (.gmak)", { hint: `A keypoint file is ${KEYPOINT_FILE_FORMATS}.` });
}

/** Reads a keypoint file's bytes; a missing or unreadable file is KEYPOINTS_INVALID. */
export async function readKeypointBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new KeypointsInvalidError(`Cannot read the keypoint file ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { hint: "Check the path: it must name a readable keypoint file.", cause });
  }
}

/** Reads a keypoint file from disk and runs {@link keypointsToJoints} on it. */
export async function readKeypointsFile(file: string, options: KeypointsToJointsOptions = {}): Promise<KeypointsToJointsResult> {
  return keypointsToJoints(await readKeypointBytes(file), { extension: path.extname(file), ...options });
}
