// `npm run profile -- <bench-id> [--quick] [...args]`: runs one benchmark under the V8 CPU
// profiler and writes, under ./profiles/<bench-id>-<time>/, the .cpuprofile (open it in Chrome
// DevTools' Performance panel or VS Code) and a flame graph page rendered offline by speedscope
// (the npm package's own static app; nothing is fetched). Prints the top functions by self time.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [id, ...rest] = process.argv.slice(2);

function findBenchmark(wanted: string): string | undefined {
  for (const group of ["packages", "apps"]) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const workspace of readdirSync(dir)) {
      const file = path.join(dir, workspace, "bench", `${wanted}.ts`);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

if (!id || id.startsWith("-")) {
  console.error("usage: npm run profile -- <bench-id> [--quick] [...args]");
  process.exit(2);
}
const file = findBenchmark(id);
if (!file) {
  console.error(`unknown benchmark "${id}" (looked for packages/*/bench/${id}.ts and apps/*/bench/${id}.ts)`);
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const outDir = path.join(root, "profiles", `${id}-${stamp}`);
mkdirSync(outDir, { recursive: true });
console.error(`profiling ${path.relative(root, file)} -> ${path.relative(root, outDir)}`);
const run = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${outDir}`, "--import", "tsx", file, ...rest], {
  cwd: path.dirname(path.dirname(file)),
  stdio: "inherit",
});
if (run.status !== 0) console.error(`benchmark exited with ${run.status ?? run.signal}; writing whatever profile it left`);

const profiles = readdirSync(outDir).filter((f) => f.endsWith(".cpuprofile"));
if (profiles.length === 0) {
  console.error("no .cpuprofile was written");
  process.exit(1);
}

// speedscope's release folder is a self-contained static app; copy it once next to the profiles.
const speedscopeDist = path.join(path.dirname(createRequire(import.meta.url).resolve("speedscope/package.json")), "dist", "release");
const viewer = path.join(root, "profiles", "speedscope");
if (!existsSync(path.join(viewer, "index.html"))) cpSync(speedscopeDist, viewer, { recursive: true });

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

for (const name of profiles) {
  const profilePath = path.join(outDir, name);
  const bytes = readFileSync(profilePath);
  // The loader script speedscope's CLI writes, kept next to the profile instead of in /tmp.
  const loader = path.join(outDir, `${name}.speedscope.js`);
  writeFileSync(loader, `speedscope.loadFileFromBase64(${JSON.stringify(name)}, ${JSON.stringify(bytes.toString("base64"))})`);
  // speedscope prefixes the path with file:/// itself, so it takes a plain absolute path.
  const viewerUrl = `${pathToFileURL(path.join(viewer, "index.html")).href}#localProfilePath=${encodeURI(loader)}`;
  const page = path.join(outDir, `${name}.flamegraph.html`);
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><title>${name}</title><meta http-equiv="refresh" content="0; url=${viewerUrl}"><a href="${viewerUrl}">open the flame graph of ${name}</a>\n`);

  const profile = JSON.parse(bytes.toString("utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((nodeId, i) => {
    const frame = byId.get(nodeId)?.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!frame) return;
    const where = frame.url ? `${path.relative(root, frame.url.replace(/^file:\/\//, ""))}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`\n${path.relative(root, profilePath)}\n  flame graph: ${path.relative(root, page)} (open in a browser)`);
  console.log("  top self time:");
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)} %  ${key}`);
  }
}
