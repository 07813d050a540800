import { constants, createWriteStream } from "node:fs";
import { access, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { resolveFfmpeg, type FfmpegBinaries } from "./ffmpeg-binary";
import { NotAVideoError } from "./errors/not-a-video-error";
import { FrameStream, type FrameStreamOptions } from "./frame-stream";
import { probeVideo } from "./probe";
import type { VideoFrame } from "./video-frame";
import type { VideoInfo } from "./video-info";
import { checkFileSize, checkVideoLimits, resolveVideoLimits, type VideoLimits } from "./video-limits";

/** A video to analyse: a file path, its bytes, or a byte stream (an upload). */
export type VideoInput = string | Uint8Array | AsyncIterable<Uint8Array>;

/** Options of {@link openVideo} and {@link decodeVideo}. */
export interface OpenVideoOptions {
  /**
   * Size and duration limits, checked before decoding starts.
   * @defaultValue {@link DEFAULT_VIDEO_LIMITS}
   */
  limits?: VideoLimits;
  /**
   * How frames are decoded (analysis fps, downscaling, buffer reuse).
   * @defaultValue 25 fps, full size
   */
  frames?: Omit<FrameStreamOptions, "signal" | "binaries" | "maxDurationS">;
  /**
   * Where bytes and streams are spooled so that ffmpeg can seek in them.
   * @defaultValue os.tmpdir()
   */
  tempDir?: string;
  /** Cancels probing and decoding; children are killed and temporary files removed. */
  signal?: AbortSignal;
  /**
   * Binaries to run.
   * @defaultValue {@link resolveFfmpeg}()
   */
  binaries?: FfmpegBinaries;
}

/** An opened video: its metadata, its frames, and the clean-up of anything it created. */
export interface OpenedVideo {
  info: VideoInfo;
  frames: FrameStream;
  /** Removes the spooled temporary file, if any. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Opens a video for analysis: spools bytes or a stream to a private temporary directory
 * (enforcing `maxBytes` while writing), probes it, checks the limits, and prepares a
 * {@link FrameStream}. On any failure the temporary files are gone before the error is thrown;
 * on success the caller owns them until {@link OpenedVideo.close}.
 */
export async function openVideo(input: VideoInput, options: OpenVideoOptions = {}): Promise<OpenedVideo> {
  const limits = resolveVideoLimits(options.limits);
  const binaries = options.binaries ?? resolveFfmpeg();
  let tempDir: string | undefined;
  const close = async (): Promise<void> => {
    const dir = tempDir;
    tempDir = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    let file: string;
    if (typeof input === "string") {
      file = input;
      checkFileSize(await videoFileSize(file), limits.maxBytes);
    } else {
      tempDir = await mkdtemp(path.join(options.tempDir ?? os.tmpdir(), "gma-video-"));
      file = path.join(tempDir, "input");
      await spool(input, file, limits.maxBytes, options.signal);
    }
    const info = await probeVideo(file, { binaries, ...(options.signal ? { signal: options.signal } : {}) });
    checkVideoLimits(info, limits);
    const frames = new FrameStream(info, {
      ...options.frames,
      binaries,
      maxDurationS: limits.maxDurationS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { info, frames, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens, decodes and closes a video in one loop: `for await (const frame of decodeVideo(file))`.
 * Temporary files are removed however the loop ends.
 */
export async function* decodeVideo(input: VideoInput, options: OpenVideoOptions = {}): AsyncGenerator<VideoFrame, VideoInfo> {
  const video = await openVideo(input, options);
  try {
    yield* video.frames;
    return video.info;
  } finally {
    await video.close();
  }
}

const PATH_HINT = "Check the path: it must name a readable video file.";

/** The size of the file at `file`; a path that is missing, unreadable or not a file is NOT_A_VIDEO, not a raw fs error. */
async function videoFileSize(file: string): Promise<number> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new NotAVideoError(`${file} is ${st.isDirectory() ? "a directory" : "not a regular file"}, not a video file`, { hint: PATH_HINT });
    await access(file, constants.R_OK);
    return st.size;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EACCES" || code === "EPERM" || code === "ELOOP") {
      throw new NotAVideoError(`Cannot read a video at ${file} (${code})`, { hint: PATH_HINT, cause });
    }
    throw cause;
  }
}

async function spool(input: Uint8Array | AsyncIterable<Uint8Array>, file: string, maxBytes: number, signal: AbortSignal | undefined): Promise<void> {
  if (input instanceof Uint8Array) {
    checkFileSize(input.length, maxBytes);
    input = [input] as unknown as AsyncIterable<Uint8Array>;
  }
  const out = createWriteStream(file, { flags: "wx" });
  let written = 0;
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
      signal?.throwIfAborted();
      written += chunk.length;
      // Checked while writing, so an endless or huge upload costs at most maxBytes of disk.
      checkFileSize(written, maxBytes);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await finished(out).catch(() => undefined);
    throw error;
  }
}
