"use client";

import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TITLE_SPACE, axisTitle } from "@/components/charts/axis-title";
import { chartImage } from "@/components/charts/chart-image";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import { PerformanceHistoryQuery, PerformanceStatsQuery, ResetPerformanceStatsMutation } from "@/graphql/operations";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { useViewer } from "@/hooks/use-viewer";
import { describeBars } from "@/lib/chart-summary";
import { formatDateTime, formatMs, formatNumber } from "@/lib/format";
import { CHART_GRID, CHART_PALETTE, LEGEND_LABEL, seriesColor } from "@/lib/chart-palette";
import { pivotByProcess, processLabel } from "@/lib/history";

const HOUR = 3600_000;

/** Per-function timings merged over every process, per process, and over time; reset for admins. */
export function PerformancePage() {
  const viewer = useViewer();
  const stats = useQuery(PerformanceStatsQuery, { pollMs: 5000 });
  const [from] = useState(() => new Date(Date.now() - HOUR).toISOString());
  const history = useQuery(PerformanceHistoryQuery, { variables: { range: { from }, limit: 500 }, pollMs: 15_000 });
  const reset = useMutation(ResetPerformanceStatsMutation);
  const functions = useMemo(() => [...(stats.data?.performanceStats.aggregated ?? [])].sort((a, b) => b.p95Ms - a.p95Ms), [stats.data]);
  const [chosen, setChosen] = useState<string>();
  const selected = chosen ?? functions[0]?.name;
  const series = useMemo(
    () => pivotByProcess(history.data?.performanceHistory ?? [], (p) => p.functions.find((f) => f.name === selected)?.p95Ms ?? null),
    [history.data, selected],
  );

  return (
    <div className="stack">
      <PageHeader
        title="Performance"
        description={stats.data ? `Timings of every timed function, as of ${formatDateTime(stats.data.performanceStats.takenAt)}; refreshes every 5 s.` : "Refreshes every 5 s."}
        actions={
          viewer.role === "ADMIN" && (
            <button
              className="btn danger"
              disabled={reset.pending}
              onClick={async () => {
                if (!window.confirm("Zero the timings and cache counters of every process? The history stays.")) return;
                await reset.mutate({});
                await stats.refetch();
              }}
            >
              Reset statistics
            </button>
          )
        }
      />
      {reset.error !== undefined && <ErrorState error={reset.error} />}
      {reset.data && (
        <p className="notice" data-testid="reset-result">
          Reset reached {reset.data.resetPerformanceStats.receivers} processes; {reset.data.resetPerformanceStats.processes.filter((p) => p.ok).length} confirmed.
        </p>
      )}
      {stats.error !== undefined && <ErrorState error={stats.error} retry={stats.refetch} />}
      {!stats.data && stats.error === undefined && <Card.Skeleton />}
      {stats.data && functions.length === 0 && <EmptyState title="No timings yet">Timings appear once the API or a worker has done timed work (an analysis, for example).</EmptyState>}
      {functions.length > 0 && (
        <>
          <Card title="All processes">
            <table className="table phone-fit" data-testid="performance-table">
              <thead>
                <tr>
                  <th>function</th>
                  <th className="num">count</th>
                  {/* On a phone: how often and how long, typically and at worst (p95); the rest at desktop width. */}
                  <th className="num wide-only">errors</th>
                  <th className="num wide-only">mean</th>
                  <th className="num">p50</th>
                  <th className="num">p95</th>
                  <th className="num wide-only">p99</th>
                  <th className="num wide-only">max</th>
                </tr>
              </thead>
              <tbody>
                {functions.map((f) => (
                  <tr key={f.name} onClick={() => setChosen(f.name)} style={{ cursor: "pointer", background: f.name === selected ? "#f1f5ff" : undefined }}>
                    <td>
                      <Identifier code text={f.name} />
                    </td>
                    <td className="num">{formatNumber(f.count, 0)}</td>
                    <td className="num wide-only">{formatNumber(f.errors, 0)}</td>
                    <td className="num wide-only">{formatMs(f.meanMs)}</td>
                    <td className="num">{formatMs(f.p50Ms)}</td>
                    <td className="num">{formatMs(f.p95Ms)}</td>
                    <td className="num wide-only">{formatMs(f.p99Ms)}</td>
                    <td className="num wide-only">{formatMs(f.maxMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <div className="grid two">
            <Card title="Latency percentiles (slowest ten)">
              <div className="chart" style={{ height: 280 }} data-testid="chart">
                <ResponsiveContainer width="100%" height="100%">
                  {/* Left margin: the first angled name reaches left of its bar, past the y axis. */}
                  <BarChart
                    {...chartImage(
                      describeBars({
                        what: "latency",
                        by: "function, slowest ten",
                        data: functions.slice(0, 10),
                        series: [
                          { key: "p50Ms", label: "p50" },
                          { key: "p95Ms", label: "p95" },
                          { key: "p99Ms", label: "p99" },
                        ],
                        format: formatMs,
                        omitZeros: false,
                      }),
                    )}
                    data={functions.slice(0, 10)}
                    margin={{ top: 8, right: 16, bottom: 0, left: 48 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
                    {/* The angled names take the axis's height; the title goes under them. */}
                    <XAxis dataKey="name" fontSize={10} angle={-20} textAnchor="end" interval={0} height={70 + AXIS_TITLE_SPACE} label={axisTitle("function", "x")} />
                    <YAxis fontSize={11} tickFormatter={(v: number) => formatMs(v)} width="auto" label={axisTitle("latency", "y")} />
                    <Tooltip formatter={(v) => formatMs(Number(v))} />
                    <Legend verticalAlign="top" labelStyle={LEGEND_LABEL} />
                    <Bar dataKey="p50Ms" name="p50" fill={CHART_PALETTE.latency.p50} isAnimationActive={false} />
                    <Bar dataKey="p95Ms" name="p95" fill={CHART_PALETTE.latency.p95} isAnimationActive={false} />
                    <Bar dataKey="p99Ms" name="p99" fill={CHART_PALETTE.latency.p99} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Card>
            <Card
              title="p95 over the last hour, per process"
              actions={
                <select aria-label="Function" value={selected ?? ""} onChange={(e) => setChosen(e.target.value)}>
                  {functions.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name}
                    </option>
                  ))}
                </select>
              }
            >
              {history.error !== undefined && <ErrorState error={history.error} retry={history.refetch} />}
              {!history.data && history.error === undefined && <Skeleton height={240} />}
              {history.data && series.rows.length === 0 && <EmptyState title="No stored snapshots of this function in the last hour" />}
              {series.rows.length > 0 && (
                <TimeSeriesChart data={series.rows} yTitle="p95 latency" format={formatMs} series={series.keys.map((k, i) => ({ key: k, label: k, color: seriesColor(i) }))} />
              )}
            </Card>
          </div>
          <Card title="Per process">
            <div className="grid two">
              {stats.data!.performanceStats.processes.map((p) => (
                <div key={`${p.process.host}-${p.process.pid}`}>
                  <h3>
                    {processLabel(p.process)} <span className="muted">on {p.process.host}</span>
                  </h3>
                  {p.functions.length === 0 ? (
                    <p className="muted">No timings.</p>
                  ) : (
                    <table className="table phone-fit">
                      <thead>
                        <tr>
                          <th>function</th>
                          <th className="num">count</th>
                          <th className="num">mean</th>
                          <th className="num">p95</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.functions.map((f) => (
                          <tr key={f.name}>
                            <td>
                              <Identifier code text={f.name} />
                            </td>
                            <td className="num">{formatNumber(f.count, 0)}</td>
                            <td className="num">{formatMs(f.meanMs)}</td>
                            <td className="num">{formatMs(f.p95Ms)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              ))}
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
