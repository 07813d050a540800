import { AnalysisDetail } from "@/components/analyses/analysis-detail";

export const metadata = { title: "Analysis" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AnalysisDetail id={id} />;
}
