"use client";

import { useState } from "react";
import { Badge, Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import type { MaintenanceJob } from "@/gql/graphql";
import { MaintenanceRunsQuery } from "@/graphql/admin";
import { useQuery } from "@/hooks/use-query";
import { formatDateTime, formatMs } from "@/lib/format";
import { ScheduleEditor } from "./schedule-editor";

/** The kinds of recorded run the filter offers (the API's MaintenanceKind; a String in the schema). */
const RUN_KINDS: Record<string, string> = {
  SESSION_PURGE: "session purge",
  ANALYSIS_ARCHIVE: "analysis archive",
  UPLOAD_EXPIRY: "upload expiry",
  INPUT_RETENTION: "input retention",
};

/** Every scheduled maintenance job, with the title of its schedule card. */
const SCHEDULED_JOBS: [MaintenanceJob, string][] = [
  ["SESSION_PURGE", "Session purge"],
  ["ANALYSIS_ARCHIVE", "Analysis archiving"],
  ["UPLOAD_EXPIRY", "Upload expiry"],
  ["INPUT_RETENTION", "Input retention"],
];

/** History of maintenance runs and the schedule of each job. */
export function MaintenancePage() {
  const [kind, setKind] = useState<string>("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const runs = useQuery(MaintenanceRunsQuery, { variables: { first: 25, after: cursors[cursors.length - 1], kind: kind || null }, pollMs: 10_000 });
  const pageInfo = runs.data?.maintenanceRuns.pageInfo;
  return (
    <div className="stack">
      <PageHeader title="Maintenance" description="Scheduled maintenance jobs (session purge, archiving, upload expiry, input retention) and every run they made." />
      <div className="grid two">
        {SCHEDULED_JOBS.map(([kind, title]) => (
          <Card key={kind} title={title}>
            <ScheduleEditor kind={kind} />
          </Card>
        ))}
      </div>
      <Card
        title={`Runs${runs.data ? ` (${runs.data.maintenanceRuns.totalCount})` : ""}`}
        actions={
          <select
            aria-label="Run kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setCursors([undefined]);
            }}
          >
            <option value="">all</option>
            {Object.entries(RUN_KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        }
      >
        {runs.error !== undefined && <ErrorState error={runs.error} retry={runs.refetch} />}
        {!runs.data && runs.error === undefined && <Skeleton height={120} />}
        {runs.data && runs.data.maintenanceRuns.edges.length === 0 && <EmptyState title="No runs yet">Runs appear after the first scheduled or manual cleanup.</EmptyState>}
        {runs.data && runs.data.maintenanceRuns.edges.length > 0 && (
          <table className="table phone-fit" data-testid="maintenance-runs">
            <thead>
              <tr>
                <th>started</th>
                <th>kind</th>
                <th className="num">rows</th>
                {/* On a phone: when, what, how many rows and how it ended; the run's details at desktop width. */}
                <th className="num wide-only">batches</th>
                <th className="num wide-only">duration</th>
                <th className="wide-only">vacuum</th>
                <th>result</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.maintenanceRuns.edges.map(({ node: r }) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>
                    <Identifier text={r.kind} />
                  </td>
                  <td className="num">{r.rowsAffected}</td>
                  <td className="num wide-only">{r.batches}</td>
                  <td className="num wide-only">{formatMs(r.durationMs)}</td>
                  <td className="wide-only">{r.vacuumed ? "yes" : "no"}</td>
                  <td>{r.error ? <Badge tone="danger">{r.error}</Badge> : r.finishedAt ? <Badge tone="ok">done</Badge> : <Badge tone="info">running</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </button>
          <button className="btn" disabled={!pageInfo?.hasNextPage} onClick={() => setCursors((c) => [...c, pageInfo?.endCursor ?? undefined])}>
            Next
          </button>
        </div>
      </Card>
    </div>
  );
}
