import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runGma, type CliContext } from "../../../src/cli";
import { DEFAULT_WEIGHT_PRECISION, prepareModels, verifyModels } from "../../../src/pose";

const CORE = fileURLToPath(new URL("../../../", import.meta.url));
/** Where set-up (`node scripts/setup.mjs`) writes the pose models. */
export const REPO_MODELS_DIR = path.resolve(CORE, "../../data/models");
export const GMA = path.join(CORE, "src/cli/gma.ts");
const TSX = path.resolve(CORE, "../../node_modules/.bin/tsx");
export const MESSI = path.join(CORE, "tests/fixtures/messi5.jpg");

/**
 * The pose models set-up prepares; CI runs set-up before the tests, and where it has not run the
 * models the tests need are converted into the same directory here (about a minute, once).
 */
export async function ensurePoseModels(): Promise<string> {
  const wanted = [
    { network: "detector" as const, precision: DEFAULT_WEIGHT_PRECISION },
    { network: "full" as const, precision: DEFAULT_WEIGHT_PRECISION },
    { network: "lite" as const, precision: DEFAULT_WEIGHT_PRECISION },
  ];
  const ok = await verifyModels(REPO_MODELS_DIR, { models: wanted }).then(
    () => true,
    () => false,
  );
  if (!ok) await prepareModels({ modelsDir: REPO_MODELS_DIR, variants: ["lite", "full"], precisions: [DEFAULT_WEIGHT_PRECISION] });
  return REPO_MODELS_DIR;
}

/** A fresh temporary directory; `remove` deletes it. */
export function tempDir(prefix: string): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clip of the messi5 photo slowly zooming and swaying (a person in every frame), made with ffmpeg. */
export function messiClip(out: string, seconds: number, size = "548x342", fps = 25): string {
  execFileSync("ffmpeg", [
    "-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", String(fps), "-i", MESSI,
    "-vf", `zoompan=z='min(zoom+0.002,1.3)':d=1:s=${size}:fps=${fps},rotate=a='0.1*sin(2*PI*t/3)':fillcolor=black`,
    "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out,
  ], { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

/** A black clip: nobody in it. */
export function blankClip(out: string, seconds: number): string {
  execFileSync("ffmpeg", ["-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `color=c=black:s=320x240:r=25`, "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return out;
}

/** Result of one `gma` run. */
export interface GmaRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A user to run a process as (child_process' `uid` and `gid`); only root may pick one. */
export interface ProcessUser {
  name: string;
  uid: number;
  gid: number;
}

/** Runs a TypeScript entry point with tsx in its own process, as a user would (`tsx <script> ...`). */
export function runTsxProcess(script: string, args: string[], options: { env?: Record<string, string>; user?: ProcessUser } = {}): Promise<GmaRun> {
  const user = options.user ? { uid: options.user.uid, gid: options.user.gid } : {};
  return new Promise((resolve) => {
    execFile(TSX, [script, ...args], { cwd: CORE, env: { ...process.env, ...options.env }, maxBuffer: 64 << 20, ...user }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error && typeof error.code === "string" ? `${stderr}${error.message}` : stderr });
    });
  });
}

/** Runs the CLI as a user would (`tsx src/cli/gma.ts ...`), in its own process, as `user` where given. */
export function runGmaProcess(args: string[], env: Record<string, string> = {}, user?: ProcessUser): Promise<GmaRun> {
  return runTsxProcess(GMA, args, { env, ...(user ? { user } : {}) });
}

/**
 * For a test run as root (CI runs so), which reads and writes everywhere: the unprivileged
 * `nobody` (its ids from /etc/passwd, else the customary 65534) when it can run the CLI here,
 * so that permission checks can be observed; else why not (no setuid capability in the
 * container, a checkout or node_modules it may not read), for the test's skip reason.
 */
export async function unprivilegedUser(): Promise<{ user: ProcessUser } | { reason: string }> {
  const passwd = (() => {
    try {
      return readFileSync("/etc/passwd", "utf8");
    } catch {
      return "";
    }
  })();
  const entry = /^nobody:[^:]*:(\d+):(\d+):/m.exec(passwd);
  const user: ProcessUser = { name: "nobody", uid: entry ? Number(entry[1]) : 65534, gid: entry ? Number(entry[2]) : 65534 };
  const probe = await runTsxProcess(GMA, ["--help"], { user });
  if (probe.code !== 0) {
    const lines = probe.stderr.split("\n").map((line) => line.trim());
    const why = lines.find((line) => /error|EACCES|EPERM/i.test(line)) ?? lines.find((line) => line !== "") ?? `exit ${probe.code}`;
    return { reason: `running as root, which may write into any folder, and the unprivileged user ${user.name} (uid ${user.uid}) cannot run the CLI here: ${why}` };
  }
  return { user };
}

/** Runs the CLI in this process with captured output (the same code path as the binary, minus the process). */
export async function runGmaInProcess(args: string[]): Promise<GmaRun> {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: process.env,
    signal: new AbortController().signal,
  };
  const code = await runGma(args, ctx);
  return { code, stdout, stderr };
}
