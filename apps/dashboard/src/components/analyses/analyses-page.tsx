"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Card, PageHeader } from "@/components/ui";
import type { AnalysisStatus } from "@/gql/graphql";
import { AnalysesQuery } from "@/graphql/analyses";
import { useQuery } from "@/hooks/use-query";
import { parseReviewFilter, REVIEW_FILTERS, reviewFilterValue } from "@/lib/review-filter";
import { parseRiskFilter, RISK_FILTERS, riskFilterValue } from "@/lib/risk-level";
import { AnalysesTable } from "./analyses-table";

const STATUSES: AnalysisStatus[] = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];
const PAGE_SIZE = 25;

/** Analyses with status, risk and review filters in the URL, cursor paging and live progress. */
export function AnalysesPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const status = STATUSES.find((s) => s === params.get("status"));
  const patientId = params.get("patient") ?? undefined;
  // `?risk=high` or `?risk=medium,high`; only succeeded analyses have a level.
  const riskLevel = parseRiskFilter(params.get("risk"));
  // `?review=to-review`: the clinician's worklist, finished analyses nobody has reviewed yet.
  const reviewed = parseReviewFilter(params.get("review"));
  // Finished analyses move to the archive after ANALYSIS_ARCHIVE_AFTER_DAYS; they stay readable.
  const includeArchived = params.get("archived") === "1";
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const state = useQuery(AnalysesQuery, {
    variables: { first: PAGE_SIZE, after, filter: { status, patientId, includeArchived, riskLevel, reviewed } },
    pollMs: 3000,
  });
  const pageInfo = state.data?.analyses.pageInfo;

  function setFilter(name: string, value: string | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([undefined]);
    router.replace(`${pathname}?${next.toString()}`);
  }

  return (
    <div className="stack">
      <PageHeader
        title="Analyses"
        description={state.data ? `${state.data.analyses.totalCount} matching · progress updates live` : "Progress updates live."}
        actions={
          <Link className="btn primary" href="/upload">
            Upload a recording
          </Link>
        }
      />
      <Card>
        <div className="row" style={{ marginBottom: 12 }}>
          <label className="field">
            Status
            <select aria-label="Status filter" value={status ?? ""} onChange={(e) => setFilter("status", e.target.value || undefined)}>
              <option value="">all</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Risk
            <select aria-label="Risk filter" value={riskFilterValue(riskLevel)} onChange={(e) => setFilter("risk", e.target.value || undefined)}>
              <option value="">all</option>
              {RISK_FILTERS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Review
            <select aria-label="Review filter" value={reviewFilterValue(reviewed)} onChange={(e) => setFilter("review", e.target.value || undefined)}>
              <option value="">all</option>
              {REVIEW_FILTERS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="row">
            <input type="checkbox" checked={includeArchived} onChange={(e) => setFilter("archived", e.target.checked ? "1" : undefined)} /> Include archived
          </label>
          {patientId && (
            <button className="btn" onClick={() => setFilter("patient", undefined)}>
              Clear patient filter
            </button>
          )}
        </div>
        <AnalysesTable state={state} filtered={Boolean(status || riskLevel || patientId || reviewed !== undefined)} />
        <div className="row" style={{ marginTop: 12 }}>
          <button className="btn" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </button>
          <button className="btn" disabled={!pageInfo?.hasNextPage} onClick={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor ?? undefined])}>
            Next
          </button>
        </div>
      </Card>
    </div>
  );
}
