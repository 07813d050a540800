import { describe, expect, it } from "vitest";
import { useStubApi } from "../support/stub-api";

const { start: startStubApi } = useStubApi();

/** A stand-in API answering every GET with the path it got, as an attachment. */
function startApi(): Promise<string> {
  return startStubApi((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("content-disposition", 'attachment; filename="gma-report-a1.html"');
    res.end(JSON.stringify({ url: req.url, cookie: req.headers.cookie }));
  });
}

describe("the report download routes", () => {
  for (const format of ["html", "json"] as const) {
    it(`pass /analyses/:id/report.${format} to the API with the session cookie, and its Content-Disposition back`, async () => {
      await startApi();
      const route = format === "html" ? await import("@/app/(dashboard)/analyses/[id]/report.html/route") : await import("@/app/(dashboard)/analyses/[id]/report.json/route");
      const request = new Request(`http://dashboard.test/analyses/a1/report.${format}`, { headers: { cookie: "gma_session=abc" } });
      const response = await route.GET(request, { params: Promise.resolve({ id: "a/1" }) });
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="gma-report-a1.html"');
      expect(await response.json()).toEqual({ url: `/analyses/a%2F1/report.${format}`, cookie: "gma_session=abc" });
    });
  }
});
