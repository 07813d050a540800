import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return proxyToApi(request, "/graphql");
}

export function POST(request: Request): Promise<Response> {
  return proxyToApi(request, "/graphql");
}
