"use client";

import { useState } from "react";
import { Card, EmptyState, ErrorState, PageHeader, Skeleton } from "@/components/ui";
import { MaintenanceRunsQuery } from "@/graphql/admin";
import { useQuery } from "@/hooks/use-query";
import { MAINTENANCE_JOB_ORDER, MAINTENANCE_JOBS } from "@/lib/maintenance-jobs";
import { DatabaseBackupPanel } from "./database-backup-status";
import { MaintenanceRunsTable } from "./maintenance-runs-table";
import { ScheduleEditor } from "./schedule-editor";

/** History of maintenance runs and the schedule of each job. */
export function MaintenancePage() {
  const [kind, setKind] = useState<string>("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const runs = useQuery(MaintenanceRunsQuery, { variables: { first: 25, after: cursors[cursors.length - 1], kind: kind || null }, pollMs: 10_000 });
  const pageInfo = runs.data?.maintenanceRuns.pageInfo;
  return (
    <div className="stack">
      <PageHeader title="Maintenance" description="Scheduled maintenance jobs (session purge, archiving, upload expiry, input retention, database backup) and every run they made." />
      <div className="grid two">
        {MAINTENANCE_JOB_ORDER.map((job) => (
          <Card key={job} title={MAINTENANCE_JOBS[job].title}>
            {job === "DATABASE_BACKUP" ? <DatabaseBackupPanel onBackedUp={runs.refetch} /> : <ScheduleEditor kind={job} />}
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
            {MAINTENANCE_JOB_ORDER.map((value) => (
              <option key={value} value={value}>
                {MAINTENANCE_JOBS[value].runLabel}
              </option>
            ))}
          </select>
        }
      >
        {runs.error !== undefined && <ErrorState error={runs.error} retry={runs.refetch} />}
        {!runs.data && runs.error === undefined && <Skeleton height={120} />}
        {runs.data && runs.data.maintenanceRuns.edges.length === 0 && <EmptyState title="No runs yet">Runs appear after the first scheduled or manual cleanup.</EmptyState>}
        {runs.data && runs.data.maintenanceRuns.edges.length > 0 && <MaintenanceRunsTable runs={runs.data.maintenanceRuns.edges.map((e) => e.node)} />}
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
