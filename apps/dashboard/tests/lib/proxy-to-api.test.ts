import { describe, expect, it, vi } from "vitest";
import { useStubApi } from "../support/stub-api";

const { start: startStubApi, stop: stopStubApi } = useStubApi();

/** A stand-in API that echoes what reached it and sets two cookies. */
function startEchoApi(): Promise<string> {
  return startStubApi((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("set-cookie", ["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
      res.setHeader("content-type", "application/json");
      const forwarded = { for: req.headers["x-forwarded-for"], proto: req.headers["x-forwarded-proto"], host: req.headers["x-forwarded-host"] };
      res.end(JSON.stringify({ method: req.method, url: req.url, cookie: req.headers.cookie, body: Buffer.concat(chunks).toString(), forwarded }));
    });
  });
}

async function loadProxy(apiUrl: string) {
  vi.stubEnv("API_URL", apiUrl);
  vi.resetModules();
  return import("@/lib/proxy-to-api");
}

describe("proxyToApi", () => {
  it("forwards method, path, query, cookie and body, and passes every Set-Cookie back", async () => {
    const { proxyToApi } = await loadProxy(await startEchoApi());
    const request = new Request("http://dashboard.test/uploads?kind=video", {
      method: "POST",
      headers: { cookie: "gma_session=abc", "content-type": "application/octet-stream" },
      body: "raw bytes",
    });
    const response = await proxyToApi(request, "/uploads");
    const { forwarded: _, ...echoed } = (await response.json()) as Record<string, string>;
    expect(echoed).toEqual({ method: "POST", url: "/uploads?kind=video", cookie: "gma_session=abc", body: "raw bytes" });
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
  });

  it("forwards X-Forwarded-For as the dashboard's server appended it, with the protocol and host the caller used", async () => {
    const { proxyToApi } = await loadProxy(await startEchoApi());
    const request = new Request("https://dashboard.test/graphql", {
      method: "POST",
      headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.7", host: "dashboard.test" },
      body: "{}",
    });
    const { forwarded } = (await (await proxyToApi(request, "/graphql")).json()) as { forwarded: Record<string, string> };
    expect(forwarded).toEqual({ for: "198.51.100.1, 203.0.113.7", proto: "https", host: "dashboard.test" });
  });

  it("answers 502 with a GraphQL error naming the API origin when the API does not answer", async () => {
    const url = await startEchoApi();
    await stopStubApi();
    const { proxyToApi } = await loadProxy(url);
    const response = await proxyToApi(new Request("http://dashboard.test/graphql", { method: "POST", body: "{}" }), "/graphql");
    expect(response.status).toBe(502);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("API_UNREACHABLE");
    expect(body.errors[0]?.message).toContain(url);
  });
});
