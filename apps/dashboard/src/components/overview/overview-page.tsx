"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { CategoryBarChart } from "@/components/charts/bar-chart";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { AnalysesTable } from "@/components/analyses/analyses-table";
import { QueuesTable } from "@/components/overview/queues-table";
import { Card, EmptyState, ErrorState, PageHeader, Skeleton, Tile } from "@/components/ui";
import { AnalysesPerDayQuery, AnalysesQuery } from "@/graphql/analyses";
import { OverviewQuery, PerformanceHistoryQuery } from "@/graphql/operations";
import { ToReviewCountQuery } from "@/graphql/reviews";
import { useQuery } from "@/hooks/use-query";
import { useSampledHistory } from "@/hooks/use-sampled-history";
import { useViewer } from "@/hooks/use-viewer";
import { formatBytes, formatMs, plural } from "@/lib/format";
import { CHART_PALETTE, seriesColor } from "@/lib/chart-palette";
import { pickHeadlineFunction, pivotByProcess } from "@/lib/history";

const POLL_MS = 5000;

/** Operations figures for admins and analysts; recent own analyses for clinicians. */
export function OverviewPage() {
  const viewer = useViewer();
  return viewer.role === "CLINICIAN" ? <ClinicianOverview /> : <OperationsOverview />;
}

function OperationsOverview() {
  const { data, error, refetch } = useQuery(OverviewQuery, { pollMs: POLL_MS });
  const sample = useMemo(() => {
    if (!data) return undefined;
    // The depth is the analyses' work: maintenance runs are on their own row in the Queues table.
    const analysis = data.queueStats.find((q) => q.name.includes("analysis"));
    const { waiting = 0, active = 0, delayed = 0 } = analysis ?? {};
    const workers = analysis?.workers ?? Math.max(0, ...data.queueStats.map((q) => q.workers));
    return { depth: waiting + active + delayed, waiting, active, delayed, workers, rssMiB: data.memory.rssBytes / 2 ** 20, heapMiB: data.memory.heapUsedBytes / 2 ** 20 };
  }, [data]);
  const history = useSampledHistory(sample);

  return (
    <div className="stack">
      <PageHeader title="Overview" description={`Live: refreshes every ${POLL_MS / 1000} s.`} />
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      <div className="grid tiles">
        {data && sample ? (
          <>
            <Tile label="Analyses" value={data.analysisAggregates.total} sub={plural(data.analysisAggregates.patients, "patient")} />
            <Tile label="Succeeded" value={data.analysisAggregates.succeeded} sub={`${data.analysisAggregates.failed} failed · ${data.analysisAggregates.cancelled} cancelled`} />
            {/* Broken down as the value adds up (the analysis queue's jobs): analyses' running/queued beside it read as a contradiction. */}
            <Tile label="Analysis queue depth" value={sample.depth} sub={`${sample.waiting} waiting · ${sample.active} active · ${sample.delayed} delayed`} />
            <Tile label="Workers" value={sample.workers} />
            <Tile label="Mean analysis time" value={formatMs(data.analysisAggregates.meanDurationMs)} />
            <Tile label="API memory (RSS)" value={formatBytes(data.memory.rssBytes)} sub={`heap ${formatBytes(data.memory.heapUsedBytes)}`} />
            <Tile label="Result cache hit rate" value={hitRate(data.resultCaches)} sub={`${data.resultCaches.reduce((s, c) => s + c.hits, 0)} hits`} />
            <Tile
              label="Model cache"
              value={`${data.modelCache.reduce((s, c) => s + c.hits, 0)} hits`}
              sub={`${data.modelCache.reduce((s, c) => s + c.loads, 0)} loads · ${formatBytes(data.modelCache.reduce((s, c) => s + c.residentBytes, 0))} resident`}
            />
          </>
        ) : (
          Array.from({ length: 8 }, (_, i) => <Tile.Skeleton key={i} />)
        )}
      </div>
      <div className="grid two">
        <Card title="Analysis queue depth and workers (since this page opened)">
          <TimeSeriesChart
            data={history}
            yTitle="count"
            integers
            series={[
              { key: "depth", label: "analysis jobs waiting/active/delayed", color: CHART_PALETTE.queue.depth },
              { key: "workers", label: "workers", color: CHART_PALETTE.queue.workers },
            ]}
          />
        </Card>
        <Card title="API memory (since this page opened)">
          <TimeSeriesChart
            data={history}
            yTitle="memory (MiB)"
            format={(v) => `${v.toFixed(0)} MiB`}
            series={[
              { key: "rssMiB", label: "RSS", color: CHART_PALETTE.memory.rss },
              { key: "heapMiB", label: "heap used", color: CHART_PALETTE.memory.heap },
            ]}
          />
        </Card>
        <Card title="Analyses by status">
          {data && data.analysisAggregates.total === 0 ? (
            <EmptyState title="No analyses yet">
              <p>The counts by status appear here once clinicians upload recordings.</p>
            </EmptyState>
          ) : data ? (
            <CategoryBarChart
              xTitle="status"
              yTitle="analyses (count)"
              data={[
                { name: "queued", value: data.analysisAggregates.queued, color: CHART_PALETTE.status.queued },
                { name: "running", value: data.analysisAggregates.running, color: CHART_PALETTE.status.running },
                { name: "succeeded", value: data.analysisAggregates.succeeded, color: CHART_PALETTE.status.succeeded },
                { name: "failed", value: data.analysisAggregates.failed, color: CHART_PALETTE.status.failed },
                { name: "cancelled", value: data.analysisAggregates.cancelled, color: CHART_PALETTE.status.cancelled },
              ]}
            />
          ) : (
            <Card.Skeleton />
          )}
        </Card>
        <Card title="Queues">
          {data ? (
            <QueuesTable queues={data.queueStats} />
          ) : (
            <Card.Skeleton height={100} />
          )}
        </Card>
      </div>
      <HistoryCharts />
      <AnalysesPerDay />
    </div>
  );
}

/** How many days the analyses-per-day chart covers. */
const PER_DAY_DAYS = 30;

/**
 * Analyses requested per UTC day, from the API's anonymous per-day aggregate: no analysis rows
 * are listed, so analysts see it as admins do.
 */
function AnalysesPerDay() {
  const { data, error, refetch } = useQuery(AnalysesPerDayQuery, { variables: { days: PER_DAY_DAYS }, pollMs: 60_000 });
  const days = data?.analysisAggregates.perDay;
  const rows = useMemo(
    () =>
      (days ?? []).map((d) => ({
        name: d.day,
        succeeded: d.succeeded,
        failed: d.failed,
        cancelled: d.cancelled,
        pending: d.total - d.succeeded - d.failed - d.cancelled,
      })),
    [days],
  );
  const total = days?.reduce((n, d) => n + d.total, 0);
  return (
    <Card title={`Analyses per day, last ${PER_DAY_DAYS} days (UTC)`}>
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      {days ? (
        <>
          <StackedBarChart
            testId="analyses-per-day"
            data={rows}
            xTitle="day (UTC, month-day)"
            yTitle="analyses (count)"
            formatName={(day) => day.slice(5)}
            series={[
              { key: "succeeded", label: "succeeded", color: CHART_PALETTE.status.succeeded },
              { key: "failed", label: "failed", color: CHART_PALETTE.status.failed },
              { key: "cancelled", label: "cancelled", color: CHART_PALETTE.status.cancelled },
              { key: "pending", label: "queued or running", color: CHART_PALETTE.status.queued },
            ]}
          />
          <p className="muted" style={{ margin: "8px 0 0" }}>
            {total === 0 ? `No analyses in the last ${PER_DAY_DAYS} days.` : `${plural(total ?? 0, "analysis", "analyses")} in the last ${PER_DAY_DAYS} days.`}
          </p>
        </>
      ) : (
        error === undefined && <Skeleton height={240} />
      )}
    </Card>
  );
}

function hitRate(caches: { hits: number; misses: number }[]): string {
  const hits = caches.reduce((s, c) => s + c.hits, 0);
  const total = hits + caches.reduce((s, c) => s + c.misses, 0);
  return total ? `${Math.round((100 * hits) / total)} %` : "—";
}

/** Stored snapshots of the last hour: the headline function's p95 and memory, per process. */
function HistoryCharts() {
  const [from] = useState(() => new Date(Date.now() - 3600_000).toISOString());
  const { data, error, refetch } = useQuery(PerformanceHistoryQuery, { variables: { range: { from }, limit: 500 }, pollMs: 15_000 });
  const points = useMemo(() => data?.performanceHistory ?? [], [data]);
  const headline = useMemo(() => pickHeadlineFunction(points.flatMap((p) => p.functions)), [points]);
  const latency = useMemo(() => pivotByProcess(points, (p) => p.functions.find((f) => f.name === headline)?.p95Ms ?? null), [points, headline]);
  const memory = useMemo(() => pivotByProcess(points, (p) => p.rssBytes / 2 ** 20), [points]);
  const colors = (keys: string[]) => keys.map((k, i) => ({ key: k, label: k, color: seriesColor(i) }));
  if (error !== undefined) return <ErrorState error={error} retry={refetch} />;
  if (!data) return <Skeleton height={240} />;
  if (points.length === 0) return <EmptyState title="No stored performance snapshots in the last hour yet" />;
  return (
    <div className="grid two">
      <Card title={headline ? `p95 of ${headline}, last hour` : "p95 latency, last hour"}>
        {latency.rows.length ? <TimeSeriesChart data={latency.rows} yTitle="p95 latency" format={formatMs} series={colors(latency.keys)} /> : <EmptyState title="No timed work yet" />}
      </Card>
      <Card title="Memory (RSS) per process, last hour">
        <TimeSeriesChart data={memory.rows} yTitle="RSS (MiB)" format={(v) => `${v.toFixed(0)} MiB`} series={colors(memory.keys)} />
      </Card>
    </div>
  );
}

function ClinicianOverview() {
  const recent = useQuery(AnalysesQuery, { variables: { first: 10 }, pollMs: POLL_MS });
  const toReview = useQuery(ToReviewCountQuery, { pollMs: POLL_MS });
  const waiting = toReview.data?.analyses.totalCount ?? 0;
  return (
    <div className="stack">
      <PageHeader
        title="Overview"
        description="Your most recent analyses, refreshing live."
        actions={
          <Link className="btn primary" href="/upload">
            Upload a recording
          </Link>
        }
      />
      {waiting > 0 && (
        // The worklist: finished analyses whose report no clinician has assessed yet.
        <p className="notice" data-testid="to-review">
          {plural(waiting, "finished analysis", "finished analyses")} {waiting === 1 ? "awaits" : "await"} your review.{" "}
          <Link href="/analyses?review=to-review&archived=1">Review them</Link>
        </p>
      )}
      <Card title={`Recent analyses${recent.data ? ` (${recent.data.analyses.totalCount} in all)` : ""}`}>
        <AnalysesTable state={recent} />
      </Card>
    </div>
  );
}
