// The dashboard's production server: Next's request handler behind a plain HTTP server that
// appends the caller's address to X-Forwarded-For first (see forwarded-headers.mjs), so the
// API's per-address login limit sees the real client through the dashboard's proxy.
// Usage: node scripts/serve.mjs <port> <host> (start.mjs passes DASHBOARD_PORT and DASHBOARD_HOST).
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { appendForwardedHeaders } from "./forwarded-headers.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.argv[2] ?? process.env.DASHBOARD_PORT ?? 3000);
const host = process.argv[3] ?? process.env.DASHBOARD_HOST ?? "127.0.0.1";

const app = next({ dev: false, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = http.createServer((req, res) => {
  appendForwardedHeaders(req);
  void handle(req, res);
});
server.on("error", (error) => {
  process.stderr.write(`[dashboard] ${error.message}\n`);
  process.exit(1);
});
server.listen(port, host, () => process.stdout.write(`[dashboard] ready on http://${host.includes(":") ? `[${host}]` : host}:${port}\n`));
// Stop taking requests and leave; waiting for browsers' keep-alive connections could take minutes.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
