import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

let server: http.Server | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A stand-in API answering every GET with the path it got, as an attachment. */
async function startApi(): Promise<string> {
  server = http.createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("content-disposition", 'attachment; filename="gma-report-a1.html"');
    res.end(JSON.stringify({ url: req.url, cookie: req.headers.cookie }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the report download routes", () => {
  for (const format of ["html", "json"] as const) {
    it(`pass /analyses/:id/report.${format} to the API with the session cookie, and its Content-Disposition back`, async () => {
      vi.stubEnv("API_URL", await startApi());
      vi.resetModules();
      const route = format === "html" ? await import("@/app/(dashboard)/analyses/[id]/report.html/route") : await import("@/app/(dashboard)/analyses/[id]/report.json/route");
      const request = new Request(`http://dashboard.test/analyses/a1/report.${format}`, { headers: { cookie: "gma_session=abc" } });
      const response = await route.GET(request, { params: Promise.resolve({ id: "a/1" }) });
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="gma-report-a1.html"');
      expect(await response.json()).toEqual({ url: `/analyses/a%2F1/report.${format}`, cookie: "gma_session=abc" });
    });
  }
});
