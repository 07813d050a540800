"use client";

import { useState } from "react";
import { Badge, Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton, Tile } from "@/components/ui";
import { RevokeSessionMutation, RunSessionCleanupMutation, SessionCountsQuery, SessionsQuery } from "@/graphql/admin";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { formatDateTime, formatMs } from "@/lib/format";
import { ScheduleEditor } from "./schedule-editor";

/** Session counts, the list with revoke, cleanup now, and the purge schedule. */
export function SessionsPage() {
  const [active, setActive] = useState<boolean | undefined>(true);
  const counts = useQuery(SessionCountsQuery, { pollMs: 10_000 });
  const list = useQuery(SessionsQuery, { variables: { first: 50, filter: { active } } });
  const revoke = useMutation(RevokeSessionMutation);
  const cleanup = useMutation(RunSessionCleanupMutation);
  const [vacuum, setVacuum] = useState(false);
  const refresh = () => Promise.all([counts.refetch(), list.refetch()]);

  return (
    <div className="stack">
      <PageHeader title="Sessions" description="Signed-in sessions across all accounts; expired ones wait for the purge." />
      <div className="grid tiles">
        {counts.data ? (
          <>
            <Tile label="Active sessions" value={<span data-testid="active-sessions">{counts.data.active.totalCount}</span>} />
            <Tile label="Expired, not yet purged" value={<span data-testid="expired-sessions">{counts.data.expired.totalCount}</span>} />
          </>
        ) : (
          <>
            <Tile.Skeleton />
            <Tile.Skeleton />
          </>
        )}
      </div>
      {counts.error !== undefined && <ErrorState error={counts.error} retry={counts.refetch} />}
      <div className="grid two">
        <Card title="Run cleanup now">
          <div className="row">
            <label className="row">
              <input type="checkbox" checked={vacuum} onChange={(e) => setVacuum(e.target.checked)} /> VACUUM afterwards
            </label>
            <button
              className="btn primary"
              disabled={cleanup.pending}
              onClick={async () => {
                await cleanup.mutate({ batchSize: 5000, vacuum });
                await refresh();
              }}
            >
              {cleanup.pending ? "Cleaning…" : "Run cleanup now"}
            </button>
          </div>
          {cleanup.error !== undefined && <ErrorState error={cleanup.error} />}
          {cleanup.data && (
            <p className="notice" data-testid="cleanup-result">
              Purged {cleanup.data.runSessionCleanup.rows} expired sessions in {cleanup.data.runSessionCleanup.batches} batches, {formatMs(cleanup.data.runSessionCleanup.durationMs)}
              {cleanup.data.runSessionCleanup.vacuumed ? ", then vacuumed" : ""}.
            </p>
          )}
        </Card>
        <Card title="Cleanup schedule">
          <ScheduleEditor kind="SESSION_PURGE" />
        </Card>
      </div>
      <Card
        title="Sessions"
        actions={
          <select aria-label="Session filter" value={active === undefined ? "all" : active ? "active" : "expired"} onChange={(e) => setActive(e.target.value === "all" ? undefined : e.target.value === "active")}>
            <option value="active">active</option>
            <option value="expired">expired</option>
            <option value="all">all</option>
          </select>
        }
      >
        {revoke.error !== undefined && <ErrorState error={revoke.error} />}
        {list.error !== undefined && <ErrorState error={list.error} retry={list.refetch} />}
        {!list.data && list.error === undefined && <Skeleton height={120} />}
        {list.data && list.data.sessions.edges.length === 0 && <EmptyState title="No sessions match" />}
        {list.data && list.data.sessions.edges.length > 0 && (
          <table className="table phone-fit" data-testid="sessions-table">
            <thead>
              <tr>
                <th>account</th>
                {/* On a phone: whose session, when it was last used, and the way to end it. */}
                <th className="wide-only">role</th>
                <th className="wide-only">created</th>
                <th>last seen</th>
                <th className="wide-only">expires</th>
                <th className="wide-only">address</th>
                <th>
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.sessions.edges.map(({ node: s }) => (
                <tr key={s.id}>
                  <td data-testid="session-account">
                    <Identifier text={s.user.email} /> {s.current && <Badge tone="info">this session</Badge>}
                  </td>
                  <td className="wide-only">{s.user.role.toLowerCase()}</td>
                  <td className="wide-only">{formatDateTime(s.createdAt)}</td>
                  <td>{formatDateTime(s.lastSeenAt)}</td>
                  <td className="wide-only">{formatDateTime(s.expiresAt)}</td>
                  <td className="wide-only">{s.ip ?? "—"}</td>
                  <td>
                    {!s.current && (
                      <button
                        className="btn danger"
                        disabled={revoke.pending}
                        onClick={async () => {
                          await revoke.mutate({ id: s.id });
                          await refresh();
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
