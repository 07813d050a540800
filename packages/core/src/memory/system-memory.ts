import { readFileSync } from "node:fs";
import os from "node:os";

/** How much memory this process may still use, from the tightest of the limits that apply. */
export interface SystemMemory {
  /** The machine's RAM. */
  totalBytes: number;
  /** RAM the kernel reports free or reclaimable. */
  freeBytes: number;
  /** The cgroup's memory limit, when the process runs in a limited cgroup (a container). */
  cgroupLimitBytes: number | undefined;
  /** Memory the cgroup already charges (page cache included), when limited. */
  cgroupUsageBytes: number | undefined;
  /** The effective limit: the cgroup's when there is one, else the machine's RAM. */
  limitBytes: number;
  /** What is left to allocate: min(free RAM, cgroup limit - cgroup usage). */
  availableBytes: number;
}

function readNumber(file: string): number | undefined {
  try {
    const text = readFileSync(file, "utf8").trim();
    if (text === "max") return undefined;
    const n = Number(text);
    // cgroup v1 reports "no limit" as a huge page-aligned number.
    return Number.isFinite(n) && n > 0 && n < 2 ** 60 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Free RAM as `MemAvailable` (reclaimable cache counts as free), else `os.freemem()`. */
function freeRam(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

/** Reads the machine's and the cgroup's (v2, else v1) memory figures. */
export function readSystemMemory(): SystemMemory {
  const totalBytes = os.totalmem();
  const freeBytes = freeRam();
  const cgroupLimitBytes = readNumber("/sys/fs/cgroup/memory.max") ?? readNumber("/sys/fs/cgroup/memory/memory.limit_in_bytes");
  const cgroupUsageBytes = cgroupLimitBytes === undefined ? undefined : (readNumber("/sys/fs/cgroup/memory.current") ?? readNumber("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
  const limitBytes = Math.min(totalBytes, cgroupLimitBytes ?? Infinity);
  const cgroupLeft = cgroupLimitBytes === undefined ? Infinity : Math.max(0, cgroupLimitBytes - (cgroupUsageBytes ?? 0));
  return { totalBytes, freeBytes, cgroupLimitBytes, cgroupUsageBytes, limitBytes, availableBytes: Math.min(freeBytes, cgroupLeft) };
}
