import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { FfmpegUnavailableError } from "./errors/ffmpeg-unavailable-error";

/** The ffmpeg and ffprobe executables the video stage runs. */
export interface FfmpegBinaries {
  /** Absolute path (or PATH-resolved name) of ffmpeg. */
  ffmpeg: string;
  /** ffprobe, or null where only ffmpeg exists (the npm fallback ships no ffprobe). */
  ffprobe: string | null;
  /** Where ffmpeg came from. */
  source: "system" | "bundled" | "custom";
}

/** Options of {@link resolveFfmpeg}. */
export interface ResolveFfmpegOptions {
  /**
   * Use this ffmpeg instead of looking one up.
   * @defaultValue the first `ffmpeg` on PATH, else `@ffmpeg-installer/ffmpeg`'s binary
   */
  ffmpegPath?: string;
  /**
   * Use this ffprobe; `null` forces probing through ffmpeg itself.
   * @defaultValue the first `ffprobe` on PATH, else null
   */
  ffprobePath?: string | null;
  /**
   * Directories searched for system binaries.
   * @defaultValue the PATH environment variable
   */
  searchPath?: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds `name` in the directories of a PATH-style string. */
export function findOnPath(name: string, searchPath: string = process.env.PATH ?? ""): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Path of the ffmpeg binary shipped in `@ffmpeg-installer/ffmpeg`, or null when it is not installed. */
export function bundledFfmpegPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const mod = require("@ffmpeg-installer/ffmpeg") as { path?: string };
    return mod.path && isExecutable(mod.path) ? mod.path : null;
  } catch {
    // The package throws a string when its platform binary is missing.
    return null;
  }
}

/**
 * Picks the ffmpeg binaries: the system's when present (Debian's is newer and has ffprobe),
 * else the one bundled in `@ffmpeg-installer/ffmpeg`. Throws {@link FfmpegUnavailableError}
 * when there is neither.
 */
export function resolveFfmpeg(options: ResolveFfmpegOptions = {}): FfmpegBinaries {
  const searchPath = options.searchPath ?? process.env.PATH ?? "";
  const ffprobe = options.ffprobePath === undefined ? findOnPath("ffprobe", searchPath) : options.ffprobePath;
  if (options.ffmpegPath !== undefined) {
    if (!isExecutable(options.ffmpegPath)) throw new FfmpegUnavailableError(`ffmpegPath ${options.ffmpegPath} is not an executable file`);
    return { ffmpeg: options.ffmpegPath, ffprobe, source: "custom" };
  }
  const system = findOnPath("ffmpeg", searchPath);
  if (system) return { ffmpeg: system, ffprobe, source: "system" };
  const bundled = bundledFfmpegPath();
  if (bundled) return { ffmpeg: bundled, ffprobe, source: "bundled" };
  throw new FfmpegUnavailableError("No ffmpeg on PATH and @ffmpeg-installer/ffmpeg has no binary for this platform");
}
