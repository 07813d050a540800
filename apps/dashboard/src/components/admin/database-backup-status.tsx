"use client";

import { Badge, ErrorState, Identifier, Skeleton } from "@/components/ui";
import type { DatabaseBackupStatusQuery as DatabaseBackupStatusResult } from "@/gql/graphql";
import { DatabaseBackupStatusQuery } from "@/graphql/admin";
import { useQuery } from "@/hooks/use-query";
import { backupHealth, STALE_AFTER_PERIODS } from "@/lib/backup-health";
import { formatAgo, formatBytes, formatDateTime, formatPeriod } from "@/lib/format";
import { BackupNow } from "./backup-now";
import { ScheduleEditor } from "./schedule-editor";

/** What the API says about the database backups (databaseBackupStatus). */
export type DatabaseBackupStatusData = DatabaseBackupStatusResult["databaseBackupStatus"];

/**
 * Whether the database is backed up as it should be: when the newest successful backup was taken
 * (how long ago and when), its size and file name, the retention and folder, how often backups
 * are due, and a warning in words, with what to do, when none was made, the newest run failed,
 * the newest backup is older than twice the schedule's period, or backups are not scheduled.
 */
export function DatabaseBackupStatusView({ status, now }: { status: DatabaseBackupStatusData; now: number }) {
  const health = backupHealth({ lastSuccess: status.lastSuccess ?? null, lastFailure: status.lastFailure ?? null, periodMinutes: status.schedule?.periodMinutes ?? null }, now);
  const last = status.lastSuccess;
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="backup-status" data-state={health.state}>
      {health.state === "ok" ? (
        <p style={{ margin: 0 }} data-testid="backup-health">
          <Badge tone="ok">Up to date</Badge> {health.summary}
        </p>
      ) : (
        // Text first (a warning in words, and what to do), the colour only repeats it.
        <div className="notice warn" role="status" data-testid="backup-warning">
          <strong>Warning: {health.summary}</strong>
          <p style={{ margin: "4px 0 0" }}>{health.action}</p>
        </div>
      )}
      <p style={{ margin: 0 }} data-testid="backup-last">
        Last successful backup:{" "}
        {last ? (
          <>
            <strong>{formatAgo(health.ageMs)}</strong> (<time dateTime={last.finishedAt}>{formatDateTime(last.finishedAt)}</time>), {formatBytes(last.bytes)},{" "}
            {last.file ? <Identifier text={last.file} code /> : "—"}
          </>
        ) : (
          <strong>none</strong>
        )}
      </p>
      <p style={{ margin: 0 }} className="muted" data-testid="backup-retention">
        Keeps the newest {status.keep} in <Identifier text={status.directory} code />.
        {status.schedule?.periodMinutes
          ? ` Due every ${formatPeriod(status.schedule.periodMinutes)}; a warning shows once the newest is ${STALE_AFTER_PERIODS} × that old (${formatPeriod(status.schedule.periodMinutes * STALE_AFTER_PERIODS)}).`
          : " Not scheduled."}
      </p>
    </div>
  );
}

/** The Database backup card's content: the backups' status, the schedule, and Back up now. `onBackedUp` refreshes the run history. */
export function DatabaseBackupPanel({ onBackedUp }: { onBackedUp: () => unknown }) {
  const status = useQuery(DatabaseBackupStatusQuery, { pollMs: 10_000 });
  return (
    <div className="stack" style={{ gap: 12 }}>
      {status.data ? (
        <DatabaseBackupStatusView status={status.data.databaseBackupStatus} now={Date.now()} />
      ) : status.error !== undefined ? (
        <ErrorState error={status.error} retry={status.refetch} />
      ) : (
        <Skeleton height={72} />
      )}
      <ScheduleEditor kind="DATABASE_BACKUP" onSaved={status.refetch} />
      <BackupNow onDone={() => Promise.all([status.refetch(), onBackedUp()])} />
    </div>
  );
}
