import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { UnsupportedCodecError } from "./errors/unsupported-codec-error";
import { VideoCorruptError } from "./errors/video-corrupt-error";
import { VideoEmptyError } from "./errors/video-empty-error";
import { VideoTooLongError } from "./errors/video-too-long-error";
import { resolveFfmpeg, type FfmpegBinaries } from "./ffmpeg-binary";
import type { VideoFrame } from "./video-frame";
import type { VideoInfo } from "./video-info";

/** Options of {@link FrameStream}. */
export interface FrameStreamOptions {
  /**
   * Analysis frame rate: frames are resampled to it on the video's real timeline.
   * @defaultValue 25
   */
  fps?: number;
  /**
   * Frames wider than this (as displayed) are scaled down, keeping the aspect ratio.
   * @defaultValue no downscaling
   */
  maxWidth?: number;
  /**
   * Stop with VIDEO_TOO_LONG once frames pass this time; guards containers that hide their
   * duration from the probe.
   * @defaultValue no limit
   */
  maxDurationS?: number;
  /**
   * Hand out the same buffer for every frame (the consumer must copy what it keeps); saves an
   * allocation per frame.
   * @defaultValue false
   */
  reuseBuffer?: boolean;
  /** Stops decoding: the child is killed and iteration throws the signal's reason. */
  signal?: AbortSignal;
  /**
   * Binaries to run.
   * @defaultValue {@link resolveFfmpeg}()
   */
  binaries?: FfmpegBinaries;
}

// Fewer decoded frames than this share of the expected count, with decoder errors, means the
// file ends early: a truncated upload rather than a few damaged packets.
const TRUNCATION_SHARE = 0.9;

/**
 * Decoded frames of one video as an async iterable, streamed from an ffmpeg child process:
 * one frame in memory at a time, with backpressure (ffmpeg blocks while the consumer is busy).
 * The child is killed as soon as iteration ends by any path (completion, `break`, a throw in the
 * consumer, an abort), so it never outlives its consumer. Each iteration starts a new child.
 */
export class FrameStream implements AsyncIterable<VideoFrame> {
  readonly fps: number;
  /** Size of the frames handed out, after rotation and downscaling. */
  readonly width: number;
  readonly height: number;
  private readonly options: FrameStreamOptions;
  private child: ChildProcessByStdio<null, Readable, Readable> | undefined;

  constructor(
    readonly info: VideoInfo,
    options: FrameStreamOptions = {},
  ) {
    const fps = options.fps ?? 25;
    if (!(Number.isFinite(fps) && fps > 0 && fps <= 240)) throw new RangeError(`fps must be in (0, 240], got ${fps}`);
    if (options.maxWidth !== undefined && !(Number.isInteger(options.maxWidth) && options.maxWidth >= 16)) {
      throw new RangeError(`maxWidth must be an integer of at least 16, got ${options.maxWidth}`);
    }
    if (options.maxDurationS !== undefined && !(options.maxDurationS > 0)) throw new RangeError(`maxDurationS must be positive, got ${options.maxDurationS}`);
    this.fps = fps;
    this.options = options;
    const scale = options.maxWidth !== undefined && info.displayWidth > options.maxWidth ? options.maxWidth / info.displayWidth : 1;
    this.width = scale === 1 ? info.displayWidth : options.maxWidth!;
    this.height = scale === 1 ? info.displayHeight : Math.max(1, Math.round(info.displayHeight * scale));
  }

  /** Process id of the running ffmpeg child, if one is running. */
  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** Expected number of frames at the analysis rate, from the probed duration (NaN if unknown). */
  get expectedFrames(): number {
    return Number.isFinite(this.info.durationS) ? Math.round(this.info.durationS * this.fps) : Number.NaN;
  }

  /** The ffmpeg arguments; public so that a test or a log can show the exact command. */
  ffmpegArgs(): string[] {
    // Autorotation (on by default) runs before this chain, so scaling to the displayed
    // orientation's size always gives frames of exactly width x height.
    const filters = [`fps=${this.fps}`, `scale=${this.width}:${this.height}:flags=area`];
    return [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      "-i",
      this.info.path,
      "-map",
      "0:v:0",
      "-an",
      "-sn",
      "-vf",
      filters.join(","),
      // Constant frame rate output: frame k is the picture on screen at k / fps seconds.
      "-vsync",
      "cfr",
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "pipe:1",
    ];
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<VideoFrame> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const binaries = this.options.binaries ?? resolveFfmpeg();
    const child = spawn(binaries.ffmpeg, this.ffmpegArgs(), { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once("close", (code, sig) => resolve({ code, signal: sig }));
    });
    let spawnError: Error | undefined;
    child.once("error", (e) => {
      spawnError = e;
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      // Only the tail matters for classifying failures; keep memory bounded.
      stderr = (stderr + s).slice(-16_384);
    });
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    signal?.addEventListener("abort", kill, { once: true });

    const frameBytes = this.width * this.height * 3;
    const maxFrames = this.options.maxDurationS === undefined ? Infinity : Math.floor(this.options.maxDurationS * this.fps) + 1;
    let frame = new Uint8Array(frameBytes);
    let filled = 0;
    let index = 0;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        let offset = 0;
        while (offset < chunk.length) {
          const take = Math.min(frameBytes - filled, chunk.length - offset);
          frame.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === frameBytes) {
            if (index >= maxFrames) {
              throw new VideoTooLongError(`The video runs past the limit of ${this.options.maxDurationS} s`);
            }
            yield { index, timestampMs: (index * 1000) / this.fps, data: frame, width: this.width, height: this.height };
            signal?.throwIfAborted();
            index++;
            filled = 0;
            if (!this.options.reuseBuffer) frame = new Uint8Array(frameBytes);
          }
        }
      }
      const exit = await closed;
      signal?.throwIfAborted();
      if (spawnError) throw spawnError;
      this.throwOnFailure(exit.code, stderr, index);
    } finally {
      signal?.removeEventListener("abort", kill);
      kill();
      await closed;
      this.child = undefined;
    }
  }

  private throwOnFailure(code: number | null, stderr: string, frames: number): void {
    const detail = stderr.trim().split("\n").slice(-2).join("; ").slice(0, 300);
    if (/Decoder \(codec [^)]*\) not found|Unsupported codec/i.test(stderr)) {
      throw new UnsupportedCodecError(`ffmpeg has no decoder for this video's codec (${this.info.codec})`, { cause: stderr });
    }
    if (code !== 0) throw new VideoCorruptError(`ffmpeg stopped with exit code ${code} while decoding (${detail || "no message"})`, { cause: stderr });
    const hadErrors = stderr.trim().length > 0;
    if (frames === 0) {
      if (hadErrors) throw new VideoCorruptError(`No frame could be decoded (${detail})`, { cause: stderr });
      throw new VideoEmptyError("The video stream decoded to zero frames");
    }
    const expected = this.expectedFrames;
    if (hadErrors && Number.isFinite(expected) && frames < expected * TRUNCATION_SHARE) {
      throw new VideoCorruptError(`The video breaks off after ${(frames / this.fps).toFixed(1)} s of ${this.info.durationS.toFixed(1)} s (${detail})`, { cause: stderr });
    }
  }
}
