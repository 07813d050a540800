import { stat } from "node:fs/promises";
import { NotAVideoError } from "./errors/not-a-video-error";
import { UnsupportedCodecError } from "./errors/unsupported-codec-error";
import { VideoCorruptError } from "./errors/video-corrupt-error";
import { VideoEmptyError } from "./errors/video-empty-error";
import { resolveFfmpeg, type FfmpegBinaries } from "./ffmpeg-binary";
import { runProcess } from "./run-process";
import type { VideoInfo } from "./video-info";
import { looksLikeVideoContainer, readFileHead } from "./video-signature";

/** Options of {@link probeVideo}. */
export interface ProbeOptions {
  /**
   * Binaries to run.
   * @defaultValue {@link resolveFfmpeg}()
   */
  binaries?: FfmpegBinaries;
  /** Cancels the probe and kills its child process. */
  signal?: AbortSignal;
  /**
   * Kill the probe after this long (a pathological file must not hang a request).
   * @defaultValue 30000
   */
  timeoutMs?: number;
}

/** Stream and format fields of interest, common to ffprobe's JSON and the `ffmpeg -i` banner. */
interface RawProbe {
  formatName: string;
  formatDurationS: number;
  streams: RawStream[];
}

interface RawStream {
  type: string;
  codec: string | undefined;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  frames: number;
  /** Clockwise degrees. */
  rotation: number;
  attachedPicture: boolean;
}

// Formats that hold one still picture (or a sequence of image files), not a recording.
const STILL_FORMATS = /^(image2|.*_pipe|webp|apng)$/;

/**
 * Reads a video's metadata with ffprobe (or, where only the bundled ffmpeg exists, from
 * `ffmpeg -i`'s banner) and classifies files that cannot be analysed: NOT_A_VIDEO,
 * VIDEO_CORRUPT, VIDEO_EMPTY, UNSUPPORTED_CODEC. Limits are checked separately
 * ({@link checkVideoLimits}) so callers can choose them.
 */
export async function probeVideo(file: string, options: ProbeOptions = {}): Promise<VideoInfo> {
  const binaries = options.binaries ?? resolveFfmpeg();
  const { size } = await stat(file);
  if (size === 0) throw new VideoEmptyError("The file is empty (0 bytes)");
  const run = { ...(options.signal ? { signal: options.signal } : {}), timeoutMs: options.timeoutMs ?? 30_000 };

  let raw: RawProbe | null;
  let stderr: string;
  if (binaries.ffprobe) {
    const r = await runProcess(binaries.ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], run);
    stderr = r.stderr;
    raw = r.code === 0 ? parseFfprobeJson(r.stdout) : null;
  } else {
    const r = await runProcess(binaries.ffmpeg, ["-hide_banner", "-nostdin", "-i", file], run);
    stderr = r.stderr;
    raw = parseFfmpegBanner(r.stderr);
  }
  if (!raw) throw await openFailure(file, stderr);
  return interpret(file, size, raw, binaries.ffprobe ? "ffprobe" : "ffmpeg");
}

async function openFailure(file: string, stderr: string): Promise<Error> {
  const detail = lastLines(stderr);
  if (looksLikeVideoContainer(await readFileHead(file))) {
    return new VideoCorruptError(`The file starts like a video but ffmpeg cannot open it (${detail})`, { cause: stderr });
  }
  return new NotAVideoError(`ffmpeg does not recognise the file as a video (${detail})`, { cause: stderr });
}

function interpret(file: string, sizeBytes: number, raw: RawProbe, probedWith: VideoInfo["probedWith"]): VideoInfo {
  if (STILL_FORMATS.test(raw.formatName)) throw new NotAVideoError(`The file is a still image (${raw.formatName}), not a recording`);
  const video = raw.streams.find((s) => s.type === "video" && !s.attachedPicture);
  if (!video) {
    if (raw.streams.length === 0) throw new VideoEmptyError("The container holds no streams at all");
    throw new NotAVideoError(`The file has no video stream (only ${[...new Set(raw.streams.map((s) => s.type))].join(", ")})`);
  }
  if (!video.codec || video.codec === "none" || video.codec === "unknown") {
    throw new UnsupportedCodecError("The video stream's codec is unknown to the installed ffmpeg");
  }
  if (!(video.width > 0 && video.height > 0)) throw new VideoCorruptError("The video stream declares no frame size");
  const durationS = Number.isFinite(video.durationS) ? video.durationS : raw.formatDurationS;
  if (video.frames === 0 || durationS === 0) throw new VideoEmptyError("The video stream holds no frames");
  const fps = video.fps;
  const frameCountEstimate = Number.isFinite(video.frames) ? video.frames : Number.isFinite(durationS) && fps > 0 ? Math.round(durationS * fps) : Number.NaN;
  const quarterTurn = video.rotation % 180 === 90;
  return {
    path: file,
    sizeBytes,
    formatName: raw.formatName,
    codec: video.codec,
    width: video.width,
    height: video.height,
    rotation: video.rotation,
    displayWidth: quarterTurn ? video.height : video.width,
    displayHeight: quarterTurn ? video.width : video.height,
    fps,
    durationS,
    frameCountEstimate,
    probedWith,
  };
}

function lastLines(stderr: string): string {
  const lines = stderr.trim().split("\n").filter(Boolean);
  return lines.slice(-2).join("; ").slice(0, 300) || "no message";
}

function rate(text: string | undefined): number {
  if (!text) return Number.NaN;
  const [n, d] = text.split("/").map(Number);
  if (d === undefined) return Number(n);
  return n !== undefined && d > 0 && n > 0 ? n / d : Number.NaN;
}

function clockwise(degrees: number): number {
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number };
}

/** Parses `ffprobe -print_format json -show_format -show_streams`; null when it holds no format. */
export function parseFfprobeJson(json: string): RawProbe | null {
  let parsed: { format?: { format_name?: string; duration?: string }; streams?: FfprobeStream[] };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    return null;
  }
  if (!parsed.format) return null;
  return {
    formatName: parsed.format.format_name ?? "unknown",
    formatDurationS: parsed.format.duration === undefined ? Number.NaN : Number(parsed.format.duration),
    streams: (parsed.streams ?? []).map((s) => {
      // The display matrix angle is counter-clockwise; the legacy `rotate` tag is clockwise.
      const matrix = s.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation;
      const tag = s.tags?.rotate;
      const rotation = matrix !== undefined ? clockwise(-matrix) : tag !== undefined ? clockwise(Number(tag)) : 0;
      const avg = rate(s.avg_frame_rate);
      return {
        type: s.codec_type ?? "unknown",
        codec: s.codec_name,
        width: s.width ?? 0,
        height: s.height ?? 0,
        fps: Number.isFinite(avg) ? avg : rate(s.r_frame_rate),
        durationS: s.duration === undefined ? Number.NaN : Number(s.duration),
        frames: s.nb_frames === undefined ? Number.NaN : Number(s.nb_frames),
        rotation,
        attachedPicture: s.disposition?.attached_pic === 1,
      };
    }),
  };
}

/**
 * Parses the stream banner `ffmpeg -i <file>` prints, for installs without ffprobe; null when
 * ffmpeg could not open the input.
 */
export function parseFfmpegBanner(stderr: string): RawProbe | null {
  const input = /^Input #0, (.+?), from /m.exec(stderr);
  if (!input) return null;
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  const formatDurationS = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : Number.NaN;
  const streams: RawStream[] = [];
  // Each stream line is followed by indented Metadata / Side data blocks up to the next stream.
  const blocks = stderr.split(/\n(?=\s*Stream #)/).slice(1);
  for (const block of blocks) {
    const head = /Stream #\d+:\d+[^:]*: (\w+): (\S+)([^\n]*)/.exec(block);
    if (!head) continue;
    const [, kind, codecWord, rest] = head;
    const size = /, (\d{1,5})x(\d{1,5})/.exec(rest ?? "");
    const fps = /, ([\d.]+)(k?) fps/.exec(rest ?? "") ?? /, ([\d.]+)(k?) tbr/.exec(rest ?? "");
    const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(block);
    const tag = /^\s*rotate\s*: (-?\d+)/m.exec(block);
    streams.push({
      type: (kind ?? "").toLowerCase(),
      codec: codecWord?.replace(/,$/, ""),
      width: size ? Number(size[1]) : 0,
      height: size ? Number(size[2]) : 0,
      fps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : Number.NaN,
      durationS: Number.NaN,
      frames: Number.NaN,
      rotation: tag ? clockwise(Number(tag[1])) : matrix ? clockwise(-Number(matrix[1])) : 0,
      attachedPicture: /\(attached pic\)/.test(rest ?? ""),
    });
  }
  return { formatName: input[1] ?? "unknown", formatDurationS, streams };
}
