"use client";

import { CategoryBarChart } from "@/components/charts/bar-chart";
import { Card, ErrorState, NotAvailable, PageHeader, Skeleton, Tile } from "@/components/ui";
import { OverviewQuery } from "@/graphql/operations";
import { useQuery } from "@/hooks/use-query";
import { formatMs } from "@/lib/format";

/** What the API reports about its performance today; per-function timings once it offers them. */
export function PerformancePage() {
  const { data, error, refetch } = useQuery(OverviewQuery, { pollMs: 5000 });
  return (
    <div className="stack">
      <PageHeader title="Performance" description="Anonymous aggregates only; refreshes every 5 s." />
      <NotAvailable feature="Per-function timings (count, mean, p50, p95, p99, max; per process) and their reset" operations={["performanceStats", "resetPerformanceStats"]} />
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      <div className="grid tiles">
        {data ? (
          <>
            <Tile label="Mean analysis time" value={formatMs(data.analysisAggregates.meanDurationMs)} sub={`${data.analysisAggregates.succeeded} succeeded`} />
            <Tile label="Failure share" value={data.analysisAggregates.total ? `${Math.round((100 * data.analysisAggregates.failed) / data.analysisAggregates.total)} %` : "—"} />
          </>
        ) : (
          <>
            <Tile.Skeleton />
            <Tile.Skeleton />
          </>
        )}
      </div>
      <Card title="Jobs per queue">
        {data ? (
          <CategoryBarChart
            data={data.queueStats.flatMap((q) => [
              { name: `${q.name} completed`, value: q.completed, color: "#1e8e4e" },
              { name: `${q.name} failed`, value: q.failed, color: "#c0392b" },
            ])}
          />
        ) : (
          <Skeleton height={240} />
        )}
      </Card>
    </div>
  );
}
