import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

// bull-board's page links Google Fonts; the dashboard works offline, so the page goes without.
const REMOTE_FONTS = /<link[^>]+fonts\.(googleapis|gstatic)\.com[^>]*>/g;

// bull-board: its page, static files and JSON API all live under /admin/queues on the API.
async function forward(request: Request): Promise<Response> {
  const response = await proxyToApi(request, new URL(request.url).pathname);
  if (!response.headers.get("content-type")?.startsWith("text/html")) return response;
  const html = (await response.text()).replace(REMOTE_FONTS, "");
  return new Response(html, { status: response.status, headers: response.headers });
}

export { forward as GET, forward as POST, forward as PUT, forward as DELETE, forward as PATCH };
