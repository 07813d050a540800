import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

// The analysis's report as a JSON file to save (Content-Disposition from the API: gma-report-<id>.json).
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return proxyToApi(request, `/analyses/${encodeURIComponent(id)}/report.json`);
}
