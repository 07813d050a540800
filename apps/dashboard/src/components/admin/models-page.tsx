"use client";

import { useMemo, useState } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Card, EmptyState, ErrorState, Identifier, PageHeader, Tile } from "@/components/ui";
import type { CachesQuery } from "@/gql/graphql";
import { CachesQuery as CachesDocument, OptimizeMemoryMutation } from "@/graphql/operations";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { useSampledHistory } from "@/hooks/use-sampled-history";
import { useViewer } from "@/hooks/use-viewer";
import { CHART_PALETTE } from "@/lib/chart-palette";
import { formatBytes, formatMs, formatNumber } from "@/lib/format";
import { execute } from "@/lib/graphql-client";
import { processLabel } from "@/lib/history";
import { ModelInstancesCard } from "./model-instances-card";

type Memory = CachesQuery["memory"];

/** Model and result caches and model instances over every process, memory, and optimizeMemory with before and after. */
export function ModelsPage() {
  const viewer = useViewer();
  const { data, error, refetch } = useQuery(CachesDocument, { pollMs: 5000 });
  const optimize = useMutation(OptimizeMemoryMutation);
  const [comparison, setComparison] = useState<{ before: Memory; after: Memory }>();
  const sample = useMemo(
    () => (data ? { rss: data.memory.rssBytes / 2 ** 20, heap: data.memory.heapUsedBytes / 2 ** 20, external: data.memory.externalBytes / 2 ** 20 } : undefined),
    [data],
  );
  const history = useSampledHistory(sample);

  async function runOptimize() {
    const before = data?.memory;
    const result = await optimize.mutate({});
    if (!result || !before) return;
    // Read the figures again now that every process has answered.
    const after = await fetchMemory();
    await refetch();
    if (after) setComparison({ before, after });
  }

  async function fetchMemory(): Promise<Memory | undefined> {
    return (await execute(CachesDocument)).memory;
  }

  const models = data?.modelCache ?? [];
  const results = data?.resultCaches ?? [];
  return (
    <div className="stack">
      <PageHeader
        title="Models and memory"
        description="Summed over the API and every worker; refreshes every 5 s."
        actions={
          viewer.role === "ADMIN" && (
            <button className="btn primary" disabled={optimize.pending} onClick={() => void runOptimize()}>
              {optimize.pending ? "Optimizing…" : "Optimize memory"}
            </button>
          )
        }
      />
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      {optimize.error !== undefined && <ErrorState error={optimize.error} />}
      {optimize.data && (
        <Card title="Optimize memory: result">
          <table className="table phone-fit" data-testid="optimize-result">
            <thead>
              <tr>
                <th>process</th>
                {/* On a phone: what each process freed; how, at desktop width. */}
                <th className="num">RSS freed</th>
                <th className="num">heap freed</th>
                <th className="num wide-only">cache entries dropped</th>
                <th className="wide-only">models evicted</th>
                <th className="wide-only">GC</th>
              </tr>
            </thead>
            <tbody>
              {optimize.data.optimizeMemory.processes.map((p) => (
                <tr key={`${p.process.host}-${p.process.pid}`}>
                  <td>{processLabel(p.process)}</td>
                  <td className="num">{formatBytes(p.freedRssBytes)}</td>
                  <td className="num">{formatBytes(p.freedHeapUsedBytes)}</td>
                  <td className="num wide-only">{p.clearedEntries}</td>
                  <td className="wide-only">{p.evictedModels.length ? p.evictedModels.join(", ") : "none"}</td>
                  <td className="wide-only">{p.ok ? (p.gcRan ? "ran" : "not exposed") : (p.error ?? "failed")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {comparison && (
            <table className="table phone-fit" data-testid="optimize-before-after" style={{ marginTop: 12 }}>
              <thead>
                <tr>
                  <th>process</th>
                  <th className="num">RSS before</th>
                  <th className="num">RSS after</th>
                  <th className="num wide-only">heap before</th>
                  <th className="num wide-only">heap after</th>
                </tr>
              </thead>
              <tbody>
                {comparison.before.processes.map((b) => {
                  const a = comparison.after.processes.find((x) => x.process.pid === b.process.pid && x.process.host === b.process.host);
                  return (
                    <tr key={`${b.process.host}-${b.process.pid}`}>
                      <td>{processLabel(b.process)}</td>
                      <td className="num">{formatBytes(b.rssBytes)}</td>
                      <td className="num">{formatBytes(a?.rssBytes)}</td>
                      <td className="num wide-only">{formatBytes(b.heapUsedBytes)}</td>
                      <td className="num wide-only">{formatBytes(a?.heapUsedBytes)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
      )}
      <div className="grid tiles">
        {data ? (
          <>
            <Tile label="Resident models" value={models.reduce((s, m) => s + m.residentModels, 0)} sub={formatBytes(models.reduce((s, m) => s + m.residentBytes, 0))} />
            <Tile label="Model cache hits / loads" value={`${formatNumber(models.reduce((s, m) => s + m.hits, 0), 0)} / ${formatNumber(models.reduce((s, m) => s + m.loads, 0), 0)}`} />
            <Tile label="API RSS" value={formatBytes(data.memory.rssBytes)} sub={`heap ${formatBytes(data.memory.heapUsedBytes)} of ${formatBytes(data.memory.heapTotalBytes)}`} />
            <Tile label="Processes" value={data.memory.processes.length} sub={data.memory.gpus.length ? `${data.memory.gpus.length} GPU(s)` : "no GPU"} />
          </>
        ) : (
          Array.from({ length: 4 }, (_, i) => <Tile.Skeleton key={i} />)
        )}
      </div>
      <div className="grid two">
        <Card title="Model caches">
          {data && models.length === 0 && <EmptyState title="No model cache yet">Caches appear once a process has loaded a model.</EmptyState>}
          {models.map((m) => (
            <div key={m.name} style={{ marginBottom: 12 }}>
              <h3>
                {m.name}{" "}
                <span className="muted">
                  · {m.processes} process(es) · {formatBytes(m.residentBytes)} resident
                  {m.executionProviders.length > 0 && <> · runs on {m.executionProviders.join(", ")}</>}
                </span>
              </h3>
              <p className="muted" style={{ margin: "0 0 8px" }}>
                hits {m.hits} · misses {m.misses} · loads {m.loads} ({formatMs(m.loadTimeMs)}) · evictions {m.evictions} · load failures {m.loadFailures}
              </p>
              {m.models.length > 0 && (
                <table className="table phone-fit" data-testid="model-entries">
                  <thead>
                    <tr>
                      <th>model</th>
                      <th className="num">bytes</th>
                      <th className="num">hits</th>
                      <th className="num wide-only">load</th>
                      <th className="num wide-only">idle</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.models.map((e) => (
                      <tr key={e.key}>
                        <td className="wrap">
                          <Identifier code text={e.key} />
                        </td>
                        <td className="num">{formatBytes(e.bytes)}</td>
                        <td className="num">{e.hits}</td>
                        <td className="num wide-only">{formatMs(e.loadMs)}</td>
                        <td className="num wide-only">{formatMs(e.idleMs)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </Card>
        <Card title="Result caches">
          {data && results.length === 0 && <EmptyState title="No result cache yet" />}
          {results.length > 0 && (
            <table className="table phone-fit" data-testid="result-caches">
              <thead>
                <tr>
                  <th>cache</th>
                  <th className="num">entries</th>
                  <th className="num">hit rate</th>
                  <th className="num wide-only">hits</th>
                  <th className="num wide-only">misses</th>
                  <th className="num wide-only">coalesced</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.name}>
                    <td>
                      <Identifier text={r.name} />
                    </td>
                    <td className="num">
                      {r.size} / {r.maxSize}
                    </td>
                    <td className="num">{r.hitRate === null || r.hitRate === undefined ? "—" : `${Math.round(r.hitRate * 100)} %`}</td>
                    <td className="num wide-only">{r.hits}</td>
                    <td className="num wide-only">{r.misses}</td>
                    <td className="num wide-only">{r.coalesced}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <ModelInstancesCard pools={data?.modelInstances} />
      <Card title="API process memory (since this page opened)">
        <TimeSeriesChart
          data={history}
          yTitle="memory (MiB)"
          format={(v) => `${v.toFixed(0)} MiB`}
          series={[
            { key: "rss", label: "RSS", color: CHART_PALETTE.memory.rss },
            { key: "heap", label: "heap used", color: CHART_PALETTE.memory.heap },
            { key: "external", label: "external", color: CHART_PALETTE.memory.external },
          ]}
        />
      </Card>
      {data && data.memory.processes.length > 0 && (
        <Card title="Memory per process">
          <table className="table phone-fit">
            <thead>
              <tr>
                <th>process</th>
                <th className="num">RSS</th>
                <th className="num">heap used</th>
              </tr>
            </thead>
            <tbody>
              {data.memory.processes.map((p) => (
                <tr key={`${p.process.host}-${p.process.pid}`}>
                  <td>
                    {processLabel(p.process)} <span className="muted">on {p.process.host}</span>
                  </td>
                  <td className="num">{formatBytes(p.rssBytes)}</td>
                  <td className="num">{formatBytes(p.heapUsedBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
