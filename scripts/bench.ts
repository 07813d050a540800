// `npm run bench -- <id> [--quick]` and `npm run bench -- all [--quick]`.
// Benchmarks live next to the code they measure as `<workspace>/bench/<id>.ts`; this runner
// finds them by id and runs each in its own process so that one's memory never skews another's.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const roots = ["packages", "apps"].flatMap((group) => {
  const dir = path.join(root, group);
  return existsSync(dir) ? readdirSync(dir).map((w) => path.join(dir, w, "bench")) : [];
});

function findBenchmarks(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of roots) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      const m = /^(p\d+-[a-z0-9-]+)\.ts$/.exec(file);
      if (m) found.set(m[1]!, path.join(dir, file));
    }
  }
  return found;
}

const [id, ...rest] = process.argv.slice(2);
const benchmarks = findBenchmarks();
if (!id || id === "--help") {
  console.log(`usage: npm run bench -- <id|all> [--quick]\nbenchmarks: ${[...benchmarks.keys()].sort().join(", ") || "(none)"}`);
  process.exit(id ? 0 : 2);
}
const ids = id === "all" ? [...benchmarks.keys()].sort() : [id];
let failed = 0;
for (const one of ids) {
  const file = benchmarks.get(one);
  if (!file) {
    console.error(`unknown benchmark "${one}"; known: ${[...benchmarks.keys()].sort().join(", ")}`);
    process.exit(2);
  }
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const r = spawnSync(tsx, [file, ...rest], { stdio: "inherit", cwd: path.dirname(path.dirname(file)) });
  if (r.status !== 0) {
    console.error(`benchmark ${one} failed (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
