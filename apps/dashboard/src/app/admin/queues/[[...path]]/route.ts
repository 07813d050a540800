import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

// bull-board: its page, static files and JSON API all live under /admin/queues on the API.
function forward(request: Request): Promise<Response> {
  return proxyToApi(request, new URL(request.url).pathname);
}

export { forward as GET, forward as POST, forward as PUT, forward as DELETE, forward as PATCH };
