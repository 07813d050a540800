import { open } from "node:fs/promises";

/**
 * True when the first bytes carry the signature of a video container (MP4/MOV/3GP, Matroska/WebM,
 * AVI, FLV, MPEG-TS/PS, Ogg, ASF). It lets a file ffmpeg cannot open be told apart: a damaged
 * video (VIDEO_CORRUPT) from something that never was one (NOT_A_VIDEO).
 */
export function looksLikeVideoContainer(head: Uint8Array): boolean {
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 8 && ["ftyp", "moov", "mdat", "wide", "free", "skip"].includes(ascii(4, 8))) return true;
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true;
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12).startsWith("AVI")) return true;
  if (head.length >= 3 && ascii(0, 3) === "FLV") return true;
  if (head.length >= 4 && ascii(0, 4) === "OggS") return true;
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return true;
  if (head.length >= 189 && head[0] === 0x47 && head[188] === 0x47) return true;
  if (head.length >= 4 && head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return true;
  return false;
}

/** Reads the first `bytes` bytes of a file. */
export async function readFileHead(file: string, bytes = 512): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
