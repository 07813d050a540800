import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, vi } from "vitest";

/**
 * A real HTTP server standing in for the API in tests of the dashboard's proxy routes, closed
 * (with the env stubs and module cache reset) after each test. Call once at module level.
 */
export function useStubApi() {
  let server: http.Server | undefined;
  async function stop(): Promise<void> {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.resetModules();
    await stop();
  });

  /** Starts the stand-in with `handler` and points API_URL at it; resolves to its base URL. */
  async function start(handler: http.RequestListener): Promise<string> {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv("API_URL", url);
    vi.resetModules();
    return url;
  }

  return { start, stop };
}
