// `npm start`: the whole platform from one command.
//
// 1. reads `.env` when present (the variables are documented in `.env.example`);
// 2. makes sure Redis answers at REDIS_URL, launching a private `redis-server` child (data in
//    the data directory) when none does and the binary is on PATH;
// 3. applies pending database migrations and creates the first admin account when none exists,
//    printing its generated password once;
// 4. starts the API, one worker and the dashboard as child processes with prefixed logs, and
//    stops them all (and the private Redis) on Ctrl-C or when one of them dies.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const envFile = path.join(root, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

const dataDir = path.resolve(root, process.env.GMA_DATA_DIR ?? "data");
process.env.GMA_DATA_DIR = dataDir;
process.env.GMA_MODELS_DIR ??= path.join(dataDir, "models");
// Resolved against the data directory as the API resolves it, and passed on absolute, so that
// a relative DATABASE_FILE in .env names the same file here (migrations, first admin) as there.
process.env.DATABASE_FILE = path.resolve(dataDir, process.env.DATABASE_FILE || "gma.sqlite");
process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
mkdirSync(dataDir, { recursive: true });

const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function log(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`[start] ${message}\n`);
  stop(1);
  process.exit(1);
}

/** Resolves true when something accepts TCP connections and answers PING with PONG. */
function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (chunk) => done(chunk.toString().startsWith("+PONG") || chunk.toString().startsWith("-NOAUTH")));
  });
}

async function ensureRedis(): Promise<void> {
  const url = process.env.REDIS_URL!;
  if (await redisAnswers(url)) {
    log(`Redis answers at ${url}`);
    return;
  }
  if (spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status !== 0) {
    fail(`no Redis answers at ${url} and redis-server is not installed: run \`npm run setup\` (as root) or set REDIS_URL.`);
  }
  const { hostname, port } = new URL(url);
  const redisDir = path.join(dataDir, "redis");
  mkdirSync(redisDir, { recursive: true });
  log(`no Redis at ${url}: starting a private redis-server (data in ${redisDir})`);
  launch("redis", "redis-server", [
    "--bind", hostname || "127.0.0.1", "--port", port || "6379", "--dir", redisDir,
    "--save", "60 1", "--appendonly", "yes", "--logfile", "",
  ]);
  for (let i = 0; i < 100; i++) {
    if (await redisAnswers(url, 200)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`the private redis-server did not answer at ${url} within 10 s`);
}

async function prepareDatabase(): Promise<void> {
  const db = await import("@gma/db");
  const file = process.env.DATABASE_FILE!;
  const applied = await db.migrateDatabase(file);
  log(`database ${file}: ${describeMigrations(applied)}`);
  const handle = await db.openDatabase({ file });
  try {
    const admin = await new db.AccountService(handle.prisma).ensureFirstAdmin({ email: process.env.GMA_ADMIN_EMAIL });
    if (admin.created) {
      const bar = "=".repeat(72);
      process.stdout.write(
        `\n${bar}\n  First admin account created (shown once, store it now):\n` +
          `    email:    ${admin.email}\n    password: ${admin.password}\n${bar}\n\n`,
      );
    }
  } finally {
    await handle.close();
  }
}

function describeMigrations(applied: unknown): string {
  if (Array.isArray(applied)) return applied.length ? `applied ${applied.length} migration(s)` : "schema up to date";
  return "migrations checked";
}

function launch(name: string, command: string, args: string[], cwd = root): ChildProcess {
  const child = spawn(command, args, { cwd, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}] `;
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) out.write(prefix + line + "\n");
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(`[start] ${name} exited (${signal ?? code}); stopping the platform\n`);
    stop(typeof code === "number" && code !== 0 ? code : 1);
  });
  children.push({ name, child });
  return child;
}

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  // Reverse order: apps before the Redis they depend on.
  for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const { child } of children) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(code);
  }, 10_000);
  deadline.unref();
  const waitAll = Promise.all(children.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : null)));
  void waitAll.then(() => process.exit(code));
}

function workspaceHasScript(dir: string, script: string): boolean {
  const pkg = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const body = pkg.scripts?.[script];
  return typeof body === "string" && !body.startsWith("echo ");
}

async function main(): Promise<void> {
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  await ensureRedis();
  await prepareDatabase();
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  // Each app runs from its own folder so tsx applies that workspace's tsconfig (decorators).
  const api = path.join(root, "apps", "api");
  launch("api", tsx, ["src/main.ts"], api);
  launch("worker", tsx, ["src/worker.ts"], api);
  if (workspaceHasScript("apps/dashboard", "start")) launch("dashboard", "npm", ["run", "start", "-w", "@gma/dashboard"]);
  log("platform starting; Ctrl-C stops everything");
}

void main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
