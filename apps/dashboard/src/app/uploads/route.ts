import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return proxyToApi(request, "/uploads");
}
