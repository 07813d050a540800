import { VideoTooLargeError } from "./errors/video-too-large-error";
import { VideoTooLongError } from "./errors/video-too-long-error";
import type { VideoInfo } from "./video-info";

/** Limits a video must stay within before it is decoded. */
export interface VideoLimits {
  /**
   * Largest accepted file, in bytes.
   * @defaultValue 2 GiB
   */
  maxBytes?: number;
  /**
   * Longest accepted duration, in seconds (recordings for GMA last a few minutes).
   * @defaultValue 900 (15 minutes)
   */
  maxDurationS?: number;
  /**
   * Widest accepted frame (as displayed), in pixels.
   * @defaultValue 7680
   */
  maxWidth?: number;
  /**
   * Tallest accepted frame (as displayed), in pixels.
   * @defaultValue 7680
   */
  maxHeight?: number;
}

/** The defaults of {@link VideoLimits}. */
export const DEFAULT_VIDEO_LIMITS: Required<VideoLimits> = { maxBytes: 2 * 1024 ** 3, maxDurationS: 900, maxWidth: 7680, maxHeight: 7680 };

/** Fills defaults and rejects limits that are not positive numbers. */
export function resolveVideoLimits(limits: VideoLimits = {}): Required<VideoLimits> {
  const resolved = { ...DEFAULT_VIDEO_LIMITS, ...stripUndefined(limits) };
  for (const [key, value] of Object.entries(resolved)) {
    if (!(typeof value === "number" && value > 0)) throw new RangeError(`video limit ${key} must be a positive number, got ${String(value)}`);
  }
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Throws {@link VideoTooLargeError} or {@link VideoTooLongError} when the video is over a limit. */
export function checkVideoLimits(info: VideoInfo, limits: VideoLimits = {}): void {
  const l = resolveVideoLimits(limits);
  checkFileSize(info.sizeBytes, l.maxBytes);
  if (info.displayWidth > l.maxWidth || info.displayHeight > l.maxHeight) {
    throw new VideoTooLargeError(`The video's frames are ${info.displayWidth}x${info.displayHeight} pixels; the limit is ${l.maxWidth}x${l.maxHeight}`);
  }
  if (info.durationS > l.maxDurationS) {
    throw new VideoTooLongError(`The video lasts ${info.durationS.toFixed(1)} s; the limit is ${l.maxDurationS} s`);
  }
}

/** Throws {@link VideoTooLargeError} when a file of `sizeBytes` is over `maxBytes`. */
export function checkFileSize(sizeBytes: number, maxBytes: number): void {
  if (sizeBytes > maxBytes) {
    throw new VideoTooLargeError(`The file is ${(sizeBytes / 1024 ** 2).toFixed(1)} MiB; the limit is ${(maxBytes / 1024 ** 2).toFixed(1)} MiB`);
  }
}
