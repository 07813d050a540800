import { spawn } from "node:child_process";

/** Output of a finished child process. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a short-lived command (ffprobe, `ffmpeg -i`) to completion and collects its output.
 * The child is killed when `signal` aborts or `timeoutMs` passes, so it never outlives the call.
 */
export function runProcess(command: string, args: readonly string[], options: { signal?: AbortSignal; timeoutMs?: number; maxOutputBytes?: number } = {}): Promise<ProcessResult> {
  const maxOutput = options.maxOutputBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on("data", (c: Buffer) => {
      if ((outBytes += c.length) <= maxOutput) out.push(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      if ((errBytes += c.length) <= maxOutput) err.push(c);
    });
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    const onAbort = (): void => kill();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : undefined;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(e);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}
