// A TCP proxy in front of the real Redis that can lose one reply: Redis runs the command, and
// the client's connection drops before the answer reaches it.
import net from "node:net";

/** A proxy started by {@link startReplyLosingProxy}. */
export interface ReplyLosingProxy {
  /** redis:// URL of the proxy, for REDIS_URL. */
  url: string;
  /**
   * Arms the proxy for the next command whose bytes match `pattern` (its first group names the
   * reply to lose): the command goes to Redis whole and runs, but when Redis answers with a reply
   * holding that name, the reply is dropped along with the client's connection, and the proxy
   * refuses connections from then on (ECONNREFUSED, as a Redis that went down would) until
   * {@link ReplyLosingProxy.reopen}. Resolves with the name once the reply is lost.
   */
  loseReplyTo(pattern: RegExp): Promise<string>;
  /** Takes connections again, on the same port. */
  reopen(): Promise<void>;
  /** Drops every connection and stops. */
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port that forwards to the Redis at `target` (default 127.0.0.1:6379). */
export async function startReplyLosingProxy(target: { host: string; port: number } = { host: "127.0.0.1", port: 6379 }): Promise<ReplyLosingProxy> {
  const sockets = new Set<net.Socket>();
  let armed: { pattern: RegExp; lost: (name: string) => void } | undefined;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      // Either side gone ends the pair; errors are the drops this proxy makes.
      s.on("error", () => undefined);
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    // The last bytes of the previous chunk: a large command (a Lua script) comes in several, and
    // the pattern may straddle two.
    let tail = "";
    let losing: { name: string; lost: (name: string) => void } | undefined;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      if (!armed) return;
      const text = tail + chunk.toString("latin1");
      tail = text.slice(-256);
      const match = armed.pattern.exec(text);
      if (!match?.[1]) return;
      losing = { name: match[1], lost: armed.lost };
      armed = undefined;
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!losing || !chunk.toString("latin1").includes(losing.name)) return void client.write(chunk);
      const { name, lost } = losing;
      // Closed before the connection drops: the client's reconnection must find no one.
      server.close();
      client.destroy();
      upstream.destroy();
      lost(name);
    });
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  let port = 0;
  await listen();
  port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    loseReplyTo(pattern) {
      return new Promise((lost) => {
        armed = { pattern, lost };
      });
    },
    reopen: listen,
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
