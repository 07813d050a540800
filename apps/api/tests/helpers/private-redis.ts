// A redis-server child of the test's own (never the shared one), for tests that stop Redis.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts `redis-server` on `port`; resolves once it accepts connections. `persistence` replaces
 * the default of none (a test that restarts Redis and needs its jobs back passes an append-only
 * file in a folder of its own).
 */
export async function startPrivateRedis(port: number, persistence: string[] = ["--save", "", "--appendonly", "no"]): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", ...persistence], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
  });
  return child;
}

/** Stops a private Redis and waits for it to exit. */
export async function stopPrivateRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}
