import { proxyToApi } from "@/lib/proxy-to-api";

export const dynamic = "force-dynamic";

// The analysed joint sequence (binary, application/vnd.gma.keypoints) for the skeleton player.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return proxyToApi(request, `/analyses/${encodeURIComponent(id)}/keypoints`);
}
