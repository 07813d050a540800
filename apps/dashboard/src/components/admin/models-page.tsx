"use client";

import { useMemo } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Card, ErrorState, NotAvailable, PageHeader, Tile } from "@/components/ui";
import { MemoryQuery } from "@/graphql/operations";
import { useQuery } from "@/hooks/use-query";
import { useSampledHistory } from "@/hooks/use-sampled-history";
import { formatBytes } from "@/lib/format";

/** Memory of the API process, live; model and result caches and optimizeMemory once offered. */
export function ModelsPage() {
  const { data, error, refetch } = useQuery(MemoryQuery, { pollMs: 5000 });
  const sample = useMemo(
    () => (data ? { rss: data.memory.rssBytes / 2 ** 20, heap: data.memory.heapUsedBytes / 2 ** 20, external: data.memory.externalBytes / 2 ** 20 } : undefined),
    [data],
  );
  const history = useSampledHistory(sample);
  return (
    <div className="stack">
      <PageHeader title="Models and memory" />
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      <div className="grid tiles">
        {data ? (
          <>
            <Tile label="RSS" value={formatBytes(data.memory.rssBytes)} />
            <Tile label="Heap used" value={formatBytes(data.memory.heapUsedBytes)} sub={`of ${formatBytes(data.memory.heapTotalBytes)}`} />
            <Tile label="External" value={formatBytes(data.memory.externalBytes)} />
            <Tile label="Array buffers" value={formatBytes(data.memory.arrayBuffersBytes)} />
          </>
        ) : (
          Array.from({ length: 4 }, (_, i) => <Tile.Skeleton key={i} />)
        )}
      </div>
      <Card title="API process memory (since this page opened)">
        <TimeSeriesChart
          data={history}
          format={(v) => `${v.toFixed(0)} MiB`}
          series={[
            { key: "rss", label: "RSS", color: "#7c3aed" },
            { key: "heap", label: "heap used", color: "#db2777" },
            { key: "external", label: "external", color: "#0891b2" },
          ]}
        />
      </Card>
      <NotAvailable feature="Model cache (entries, resident bytes, hits, loads) and result caches" operations={["modelCache", "resultCaches"]} />
      <NotAvailable feature="Optimize memory with a before/after report" operations={["optimizeMemory"]} />
    </div>
  );
}
