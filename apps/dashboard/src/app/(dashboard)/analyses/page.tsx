import { Suspense } from "react";
import { AnalysesPage } from "@/components/analyses/analyses-page";
import { AnalysesTable } from "@/components/analyses/analyses-table";

export const metadata = { title: "Analyses" };

export default function Page() {
  return (
    <Suspense fallback={<AnalysesTable.Skeleton />}>
      <AnalysesPage />
    </Suspense>
  );
}
