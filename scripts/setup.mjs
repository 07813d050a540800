#!/usr/bin/env node
// Set-up for a fresh Debian/Ubuntu machine: the system packages the platform (and, with
// --test, its test suite) needs. Plain Node with no dependencies, because it runs before
// `npm ci` in CI and right after it in `npm start`.
//
//   node scripts/setup.mjs            runtime packages (ffmpeg, redis-server), then models
//   node scripts/setup.mjs --test     also what the tests need (chromium, python3-torch, ...)
//   node scripts/setup.mjs --system   system packages only (no models; used by .ci/run before npm ci)
//
// Installs with apt-get when missing and running as root; otherwise stops with the exact
// command to run. Idempotent: a second run does nothing but check.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const withTests = args.has("--test");
const systemOnly = args.has("--system");

/** A system requirement: satisfied when `check()` is true, else installed from `packages`. */
const runtime = [
  { what: "ffmpeg and ffprobe (video decoding)", check: () => onPath("ffmpeg") && onPath("ffprobe"), packages: ["ffmpeg"] },
  { what: "redis-server (private Redis when none runs)", check: () => onPath("redis-server"), packages: ["redis-server"] },
];
const testOnly = [
  { what: "Chromium (browser tests)", check: () => existsSync("/usr/bin/chromium"), packages: ["chromium"] },
  {
    what: "PyTorch and ONNX for /usr/bin/python3 (training tests)",
    check: () => existsSync("/usr/bin/python3") && spawnSync("/usr/bin/python3", ["-c", "import torch, onnx"], { stdio: "ignore" }).status === 0,
    packages: ["python3-torch", "python3-onnx", "libopenblas0-pthread"],
  },
  { what: "redis-cli (test helpers)", check: () => onPath("redis-cli"), packages: ["redis-tools"] },
];

function onPath(bin) {
  return spawnSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }).status === 0;
}

function log(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

function installSystemPackages(requirements) {
  const missing = requirements.filter((r) => !r.check());
  if (missing.length === 0) {
    log(`system packages present: ${requirements.map((r) => r.packages.join("+")).join(", ")}`);
    return;
  }
  const packages = [...new Set(missing.flatMap((r) => r.packages))];
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  for (const r of missing) log(`missing: ${r.what}`);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !onPath("apt-get")) {
    process.stderr.write(
      `[setup] Cannot install system packages ${isRoot ? "(no apt-get on this machine)" : "(not running as root)"}.\n` +
        `[setup] Run this, then start again:\n\n    sudo sh -c '${command}'\n\n`,
    );
    process.exit(3);
  }
  log(`installing ${packages.join(" ")} with apt-get (one time, a few minutes)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "update"], { stdio: "inherit", env });
  const install =
    update.status === 0
      ? spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env })
      : update;
  const stillMissing = missing.filter((r) => !r.check());
  if (install.status !== 0 || stillMissing.length > 0) {
    process.stderr.write(`[setup] apt-get could not install ${packages.join(" ")}; run by hand:\n\n    ${command}\n\n`);
    process.exit(3);
  }
}

function prepareModels() {
  // Converting the pose models needs the npm dependencies; in a checkout without them
  // (before `npm ci`) say so instead of failing deep inside tsx.
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const prepare = path.join(root, "packages", "core", "src", "pose", "converter", "prepare-models.ts");
  if (!existsSync(prepare)) return; // the converter has not landed in this checkout
  if (!existsSync(tsx)) {
    process.stderr.write("[setup] npm dependencies are missing: run `npm ci` first.\n");
    process.exit(3);
  }
  const modelsDir = process.env.GMA_MODELS_DIR ?? path.join(process.env.GMA_DATA_DIR ?? path.join(root, "data"), "models");
  const r = spawnSync(tsx, [prepare, "--models-dir", modelsDir], { stdio: "inherit", cwd: root });
  if (r.status !== 0) {
    process.stderr.write(`[setup] preparing the pose models in ${modelsDir} failed (exit ${r.status}).\n`);
    process.exit(r.status ?? 1);
  }
}

installSystemPackages(withTests ? [...runtime, ...testOnly] : runtime);
if (!systemOnly) prepareModels();
log("done");
