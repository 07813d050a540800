// `npm start -w @gma/dashboard`: builds when there is no build or a source is newer than it,
// then serves it (scripts/serve.mjs, Next's handler) on DASHBOARD_PORT (default 3000) and DASHBOARD_HOST.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.DASHBOARD_PORT ?? "3000";
const host = process.env.DASHBOARD_HOST ?? "127.0.0.1";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
// With what the dashboard bundles from @gma/core (its browser-safe subpaths: every export but the
// main entry, read from core's package.json so that a new one is watched too), so that a change
// there rebuilds too.
const core = path.join("..", "..", "packages", "core");
const coreExports = JSON.parse(readFileSync(path.join(root, core, "package.json"), "utf8")).exports ?? {};
const coreSubpaths = Object.entries(coreExports).flatMap(([subpath, file]) => (subpath === "." ? [] : [path.join(core, file)]));
const sources = ["src", "next.config.ts", "package.json", "codegen.ts", path.join("..", "api", "schema.graphql"), path.join(core, "package.json"), ...coreSubpaths];
const sourceTime = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < sourceTime) {
  process.stdout.write("[dashboard] building (next build)...\n");
  const built = spawnSync("npm", ["run", "build"], { cwd: root, env, stdio: "inherit" });
  if (built.status !== 0) {
    process.stderr.write("[dashboard] next build failed\n");
    process.exit(built.status ?? 1);
  }
}
// Not `next start`: serve.mjs appends the caller's address to X-Forwarded-For before Next sees it.
const child = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), port, host], { cwd: root, env: { ...env, NODE_ENV: "production" }, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
// npm exits on SIGTERM without passing it on; when whoever started us is gone, stop the server too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill("SIGTERM");
}, 1000).unref();
child.on("exit", (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
