"use client";

import Link from "next/link";
import { EmptyState, ErrorState, ProgressBar, Skeleton } from "@/components/ui";
import type { AnalysesQuery } from "@/gql/graphql";
import type { QueryState } from "@/hooks/use-query";
import { formatDateTime, formatNumber } from "@/lib/format";
import { hasStopped, StatusBadge } from "./status-badge";
import { ArchivedMark } from "./archived-mark";
import { ReviewMark } from "./review-mark";
import { RiskBadge } from "./risk-badge";

/**
 * Analyses with their risk level, clinician's review and live progress bars; loading, empty and
 * error states included. `filtered`: the list is narrowed by a filter, so an empty one says so.
 */
export function AnalysesTable({ state, filtered = false }: { state: QueryState<AnalysesQuery>; filtered?: boolean }) {
  const { data, error, refetch } = state;
  if (!data) {
    if (error !== undefined) return <ErrorState error={error} retry={refetch} />;
    return <AnalysesTable.Skeleton />;
  }
  const rows = data.analyses.edges.map((e) => e.node);
  if (rows.length === 0 && filtered)
    return (
      <EmptyState title="No analyses match">
        <p>Change or clear the filters above to see more.</p>
      </EmptyState>
    );
  if (rows.length === 0)
    return (
      <EmptyState title="No analyses yet">
        <p>
          <Link href="/upload">Upload a recording</Link> to start one.
        </p>
      </EmptyState>
    );
  return (
    <>
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      <table className="table phone-fit" data-testid="analyses-table">
        <thead>
          <tr>
            <th>created</th>
            <th>patient</th>
            <th>status</th>
            <th>risk</th>
            <th>review</th>
            {/* On a phone the table keeps what a clinician scans for (when, who, status, risk, review). */}
            <th className="wide-only">progress</th>
            <th className="wide-only">stage</th>
            <th className="num wide-only">age (weeks)</th>
            <th className="wide-only">requested by</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-testid="analysis-row">
              <td>
                <Link href={`/analyses/${a.id}`}>{formatDateTime(a.createdAt)}</Link>
              </td>
              <td>
                <Link href={`/patients/${a.patient.id}`}>{a.patient.code}</Link>
              </td>
              <td>
                <StatusBadge status={a.status} />
                {a.errorCode && <span className="muted"> {a.errorCode}</span>}
                <ArchivedMark archivedAt={a.archivedAt} />
              </td>
              <td data-testid="analysis-risk">
                <RiskBadge level={a.riskLevel} />
              </td>
              <td data-testid="analysis-review">
                <ReviewMark status={a.status} review={a.review} />
              </td>
              <td className="wide-only">
                <div className="row">
                  <ProgressBar value={a.progress} label={`analysis ${a.id} progress`} stopped={hasStopped(a.status)} />
                  <span className="muted">{a.progress} %</span>
                </div>
              </td>
              <td className="wide-only">{a.stage ?? "—"}</td>
              <td className="num wide-only">{formatNumber(a.ageWeeks, 1)}</td>
              <td className="wide-only">{a.requestedBy?.displayName ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

AnalysesTable.Skeleton = function AnalysesTableSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} height={28} />
      ))}
    </div>
  );
};
