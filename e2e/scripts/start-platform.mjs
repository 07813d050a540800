// Starts the platform as `npm start` does (scripts/start.ts) in a fresh data directory
// (GMA_E2E_DIR) with the models set-up already prepared, and copies its output to
// $GMA_E2E_DIR/start.log, where the tests read the first admin's password it prints once.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = process.env.GMA_E2E_DIR;
if (!dir) throw new Error("GMA_E2E_DIR is not set (playwright.config.ts sets it)");
mkdirSync(dir, { recursive: true });
const log = createWriteStream(path.join(dir, "start.log"));
const models = process.env.GMA_MODELS_DIR ?? path.join(root, "data", "models");

const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
  cwd: root,
  env: {
    ...process.env,
    GMA_DATA_DIR: path.join(dir, "data"),
    ...(existsSync(models) ? { GMA_MODELS_DIR: models } : {}),
    // Own BullMQ keys: a shared Redis never mixes this run's jobs with anyone else's.
    GMA_QUEUE_PREFIX: `e2e${process.pid}`,
    NEXT_TELEMETRY_DISABLED: "1",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
child.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  log.end();
  if (!process.env.GMA_E2E_KEEP) rmSync(path.join(dir, "data"), { recursive: true, force: true });
  process.exit(signal ? 0 : (code ?? 0));
});
