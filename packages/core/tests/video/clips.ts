// Test clips made on the spot with the system ffmpeg, so no binary fixtures live in the repo.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A fresh temporary directory per test, with a helper to make clips inside it. */
export class ClipDir {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "gma-video-test-"));

  /** Runs ffmpeg with `args` (inputs and options) writing `name` in the directory; returns its path. */
  make(name: string, args: string[]): string {
    const out = path.join(this.dir, name);
    execFileSync("ffmpeg", ["-y", "-hide_banner", "-loglevel", "error", ...args, out], { stdio: ["ignore", "ignore", "pipe"] });
    return out;
  }

  /** A synthetic test pattern clip. */
  testsrc(name: string, opts: { size?: string; rate?: number; seconds?: number; extra?: string[] } = {}): string {
    const { size = "160x120", rate = 25, seconds = 2, extra = [] } = opts;
    return this.make(name, ["-f", "lavfi", "-i", `testsrc=size=${size}:rate=${rate}`, "-t", String(seconds), "-pix_fmt", "yuv420p", "-preset", "ultrafast", ...extra]);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  entries(sub = ""): string[] {
    return readdirSync(path.join(this.dir, sub));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pid` is gone or `ms` pass; returns whether it is gone. */
export async function waitGone(pid: number, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !isAlive(pid);
}
