import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { RgbFrame } from "../../../src/pose";

const run = promisify(execFile);

/** Absolute path of a file in tests/fixtures. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
}

async function ffprobeSize(file: string): Promise<[number, number]> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", file]);
  const [w, h] = stdout.trim().split(",").map(Number);
  return [w!, h!];
}

/**
 * Decodes an image (or the frames ffmpeg makes of it with `filter`) to packed RGB frames.
 * `loop` feeds the still repeatedly so that filters such as zoompan and rotate animate it.
 */
export async function decodeFrames(file: string, options: { filter?: string; frames?: number; size?: [number, number] } = {}): Promise<RgbFrame[]> {
  const [width, height] = options.size ?? (await ffprobeSize(file));
  const args = ["-v", "error"];
  if (options.frames) args.push("-loop", "1", "-framerate", "25");
  args.push("-i", file);
  if (options.filter) args.push("-vf", options.filter);
  if (options.frames) args.push("-frames:v", String(options.frames));
  args.push("-f", "rawvideo", "-pix_fmt", "rgb24", "-");
  const { stdout } = await run("ffmpeg", args, { encoding: "buffer", maxBuffer: 1 << 30 });
  const bytes = width * height * 3;
  if (stdout.length % bytes !== 0) throw new Error(`ffmpeg gave ${stdout.length} bytes, not a multiple of ${width}x${height}x3`);
  const frames: RgbFrame[] = [];
  for (let o = 0; o < stdout.length; o += bytes) frames.push({ data: new Uint8Array(stdout.subarray(o, o + bytes)), width, height });
  return frames;
}

/** The single frame of a still image. */
export async function decodeImage(file: string, filter?: string, size?: [number, number]): Promise<RgbFrame> {
  const frames = await decodeFrames(file, { ...(filter ? { filter } : {}), ...(size ? { size } : {}) });
  return frames[0]!;
}
