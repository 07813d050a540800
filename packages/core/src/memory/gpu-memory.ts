import { execFile } from "node:child_process";
import { hasNvidiaGpu } from "../inference/execution-providers";

/** Memory of one GPU, in bytes. */
export interface GpuMemory {
  index: number;
  name: string;
  usedBytes: number;
  totalBytes: number;
  freeBytes: number;
}

let last: GpuMemory[] = [];

const MIB = 1024 * 1024;

/** Parses `nvidia-smi --query-gpu=index,name,memory.used,memory.total,memory.free --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(text: string): GpuMemory[] {
  return text
    .split("\n")
    .map((line) => line.split(",").map((s) => s.trim()))
    .filter((cols) => cols.length === 5 && cols.every((c) => c !== ""))
    .map(([index, name, used, total, free]) => ({ index: Number(index), name: name!, usedBytes: Number(used) * MIB, totalBytes: Number(total) * MIB, freeBytes: Number(free) * MIB }))
    .filter((g) => Number.isFinite(g.index) && Number.isFinite(g.usedBytes) && Number.isFinite(g.totalBytes));
}

/**
 * Reads every NVIDIA GPU's memory with `nvidia-smi`; an empty list where there is no GPU, no
 * driver tool, or the query fails (metrics then simply omit GPU figures).
 */
export async function readGpuMemory(): Promise<GpuMemory[]> {
  if (!hasNvidiaGpu()) return (last = []);
  const text = await new Promise<string>((resolve) => {
    execFile("nvidia-smi", ["--query-gpu=index,name,memory.used,memory.total,memory.free", "--format=csv,noheader,nounits"], { timeout: 5000 }, (error, stdout) => resolve(error ? "" : stdout));
  });
  last = parseNvidiaSmi(text);
  return last;
}

/** The latest {@link readGpuMemory} result, without a new query (for synchronous snapshots). */
export function lastGpuMemory(): GpuMemory[] {
  return last;
}
