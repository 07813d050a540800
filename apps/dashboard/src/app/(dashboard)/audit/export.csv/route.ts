import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

// The audit log as a CSV file to save (Content-Disposition from the API: gma-audit-<date>.csv),
// with the page's filter in the query string.
export async function GET(request: Request): Promise<Response> {
  return proxyToApi(request, "/audit-events.csv");
}
