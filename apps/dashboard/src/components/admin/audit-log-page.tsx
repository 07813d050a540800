"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { AccountPicker } from "@/components/admin/account-picker";
import { Card, EmptyState, ErrorState, Identifier, PageHeader, Skeleton } from "@/components/ui";
import { AuditEventsQuery } from "@/graphql/audit";
import { useQuery } from "@/hooks/use-query";
import { AUDIT_ACTION_KINDS, auditActionLabel, auditDetailParts, auditExportHref, auditTargetHref, auditTimeWindow } from "@/lib/audit-actions";
import { formatDateTime } from "@/lib/format";

const PAGE_SIZE = 50;
const TARGET_TYPES = ["analysis", "patient", "user", "database"] as const;

/**
 * Who did what to which record, and when: the audit log with filters by action (or kind),
 * account (found by a part of its name or email: {@link AccountPicker}), record and days, newest
 * first. Opens on the record or account a link names (`/audit?targetType=analysis&targetId=...`,
 * `/audit?actorId=...`).
 */
export function AuditLogPage() {
  const params = useSearchParams();
  const [action, setAction] = useState(params.get("action") ?? "");
  const [actorId, setActorId] = useState(params.get("actorId") ?? "");
  const [targetType, setTargetType] = useState(params.get("targetType") ?? "");
  const [targetId, setTargetId] = useState(params.get("targetId") ?? "");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const days = auditTimeWindow(fromDay, toDay);
  const windowError = "error" in days ? days.error : undefined;
  // An id alone would match records of any kind: it waits for its kind (the API refuses it too).
  const idWithoutKind = targetId.trim() !== "" && targetType === "";
  const filter = {
    ...(action ? { action } : {}),
    ...(actorId ? { actorId } : {}),
    ...(targetType ? { targetType } : {}),
    ...(targetType && targetId.trim() ? { targetId: targetId.trim() } : {}),
    ...("error" in days ? {} : days),
  };
  const events = useQuery(AuditEventsQuery, { variables: { first: PAGE_SIZE, after: cursors[cursors.length - 1], filter }, skip: windowError !== undefined });
  const pageInfo = events.data?.auditEvents.pageInfo;
  // Any change of filter starts again from the newest event.
  const change = (set: (value: string) => void) => (value: string) => {
    set(value);
    setCursors([undefined]);
  };

  return (
    <div className="stack">
      <PageHeader title="Audit log" description="Who did what to which record, and when: accounts, sessions, patients, analyses and their reviews, database restores. Clinical notes are never copied here." />
      {/* Visible overflow: the account picker's list opens over the events below instead of scrolling inside this card. */}
      <Card title="Filter" className="picker-card">
        <div className="grid audit-filters" data-testid="audit-filters">
          <label className="field">
            Action
            <select value={action} onChange={(e) => change(setAction)(e.target.value)}>
              <option value="">any action</option>
              {AUDIT_ACTION_KINDS.map((kind) => (
                <optgroup key={kind.prefix} label={kind.label}>
                  <option value={kind.prefix}>every {kind.label.toLowerCase()} action</option>
                  {kind.actions.map((a) => (
                    <option key={a.action} value={a.action}>
                      {a.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <AccountPicker accountId={actorId} onChange={change(setActorId)} />
          <label className="field">
            Record kind
            <select value={targetType} onChange={(e) => change(setTargetType)(e.target.value)}>
              <option value="">any</option>
              {TARGET_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Record id
            <input value={targetId} onChange={(e) => change(setTargetId)(e.target.value)} placeholder="e.g. an analysis id" aria-describedby={idWithoutKind ? "audit-id-hint" : undefined} />
          </label>
          <label className="field">
            First day
            <input type="date" value={fromDay} onChange={(e) => change(setFromDay)(e.target.value)} />
          </label>
          <label className="field">
            Last day
            <input type="date" value={toDay} onChange={(e) => change(setToDay)(e.target.value)} />
          </label>
        </div>
        {idWithoutKind && (
          <p className="muted" id="audit-id-hint">
            Choose the record kind too: the id is used once the kind is chosen.
          </p>
        )}
        {windowError !== undefined && (
          <p className="notice warn" role="alert">
            {windowError}
          </p>
        )}
      </Card>
      <Card
        title={`Events${events.data ? ` (${events.data.auditEvents.totalCount})` : ""}`}
        actions={
          windowError === undefined && (
            // The same filter as the list, as a file for an auditor; the export is itself logged.
            <a className="btn" href={auditExportHref(filter)} download>
              Download CSV
            </a>
          )
        }
      >
        {events.error !== undefined && <ErrorState error={events.error} retry={events.refetch} />}
        {!events.data && events.error === undefined && windowError === undefined && <Skeleton height={160} />}
        {events.data && events.data.auditEvents.edges.length === 0 && <EmptyState title="No events match">Widen the filter: another action, anyone, or more days.</EmptyState>}
        {events.data && events.data.auditEvents.edges.length > 0 && (
          <table className="table phone-fit" data-testid="audit-table">
            <thead>
              <tr>
                <th>when</th>
                <th>who</th>
                <th>action</th>
                <th className="wide-only">record</th>
                <th className="wide-only">details</th>
              </tr>
            </thead>
            <tbody>
              {events.data.auditEvents.edges.map(({ node: e }) => {
                const href = auditTargetHref(e.targetType, e.targetId ?? null);
                const details = auditDetailParts(e.details);
                return (
                  <tr key={e.id} data-testid="audit-row">
                    <td>{formatDateTime(e.createdAt)}</td>
                    <td className="words">{e.actor ? <span title={e.actor.email}>{e.actor.displayName}</span> : <span className="muted">system</span>}</td>
                    <td className="words" data-testid="audit-action">
                      {auditActionLabel(e.action)}
                    </td>
                    <td className="wide-only">
                      {e.targetType}
                      {e.targetId && (
                        <>
                          {" "}
                          {href ? (
                            <Link href={href}>
                              <Identifier text={e.targetId} code />
                            </Link>
                          ) : (
                            <Identifier text={e.targetId} code />
                          )}
                        </>
                      )}
                    </td>
                    <td className="wide-only">{details.length ? details.join(" · ") : <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
          <button className="btn" disabled={!pageInfo?.hasNextPage} onClick={() => setCursors((c) => [...c, pageInfo?.endCursor ?? undefined])}>
            Older
          </button>
        </div>
      </Card>
    </div>
  );
}
