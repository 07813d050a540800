"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { reportNotices } from "@gma/core/report-notices";
import { strongestSigns } from "@gma/core/report-signs";
import { Badge, Card, ErrorState, Identifier, PageHeader, ProgressBar, Tile } from "@/components/ui";
import { AnalysisQuery, CancelAnalysisMutation } from "@/graphql/analyses";
import { useMutation } from "@/hooks/use-mutation";
import { useQuery } from "@/hooks/use-query";
import { useViewer } from "@/hooks/use-viewer";
import { auditHistoryHref, canReadAuditLog, canReviewAnalyses } from "@/lib/capabilities";
import { formatDateTime, formatMs, formatNumber } from "@/lib/format";
import { ageView, flaggedBySummary, fromSyntheticModel, qualityCheckView, readReport, recordingLabel, scoreLabel, type ReportView } from "@/lib/report";
import { RISK_TONE } from "@/lib/risk-level";
import { AnalysisReviewCard, recordingPeriod } from "./analysis-review-card";
import { ErrorTimelineChart } from "./error-timeline-chart";
import { JointAmplitudeChart } from "./joint-amplitude-chart";
import { SkeletonPlayer } from "./skeleton-player";
import { hasStopped, isLive, StatusBadge } from "./status-badge";

/** One analysis: live progress while it runs, then the report with its charts and the player, and the clinician's review. */
export function AnalysisDetail({ id }: { id: string }) {
  const viewer = useViewer();
  const [live, setLive] = useState(true);
  const { data, error, refetch } = useQuery(AnalysisQuery, { variables: { id }, pollMs: live ? 1500 : undefined });
  const cancel = useMutation(CancelAnalysisMutation);
  const analysis = data?.analysis;
  if (analysis && live && !isLive(analysis.status)) setLive(false);

  if (!analysis) {
    if (error !== undefined)
      return (
        <ErrorState error={error} retry={refetch}>
          <p style={{ margin: "4px 0 0" }}>
            <Link href="/analyses">Back to the analyses</Link>
          </p>
        </ErrorState>
      );
    return <Card.Skeleton height={200} />;
  }
  const report = readReport(analysis.report);
  return (
    <div className="stack">
      <PageHeader
        title={`Analysis of ${analysis.patient.code}`}
        description={
          <>
            <Link href={`/patients/${analysis.patient.id}`}>Patient {analysis.patient.code}</Link> · requested {formatDateTime(analysis.createdAt)}
            {analysis.requestedBy ? ` by ${analysis.requestedBy.displayName}` : ""}
          </>
        }
        actions={
          <>
            {isLive(analysis.status) && (
              <button className="btn danger" disabled={cancel.pending} onClick={() => void cancel.mutate({ id }).then(() => refetch())}>
                Cancel
              </button>
            )}
            {analysis.report !== null && analysis.report !== undefined && <ReportDownloads id={analysis.id} html={report !== null} />}
            {canReadAuditLog(viewer.role) && (
              <Link className="btn" href={auditHistoryHref("analysis", analysis.id)}>
                Audit history
              </Link>
            )}
          </>
        }
      />
      {report && (
        // On paper nothing else says which analysis and recording this is.
        <p className="print-only" data-testid="print-identity">
          Analysis {analysis.id} · {recordingLabel(report)} · report generated {formatDateTime(report.generatedAt)} · model{" "}
          {modelVersionOf(report, analysis.modelVersion)}. A screening aid, not a diagnosis.
        </p>
      )}
      {cancel.error !== undefined && <ErrorState error={cancel.error} />}
      {/* Live progress is of no use on paper once the report is there; a failure still prints. */}
      <Card className={analysis.status === "SUCCEEDED" ? "screen-only" : undefined}>
        <div className="row" style={{ gap: 16 }}>
          <span data-testid="analysis-status">
            <StatusBadge status={analysis.status} />
          </span>
          {analysis.archivedAt && (
            <span data-testid="analysis-archived" title={`Moved to the archive ${formatDateTime(analysis.archivedAt)}; still readable, no longer cancellable.`}>
              <Badge tone="info">Archived</Badge>
            </span>
          )}
          <div style={{ flex: 1 }}>
            {/* A failed or cancelled analysis stopped where the bar stands: grey, not still going. */}
            <ProgressBar value={analysis.progress} label="analysis progress" stopped={hasStopped(analysis.status)} />
          </div>
          <span data-testid="progress-value">{analysis.progress} %</span>
          <span className="muted">{analysis.stage ?? ""}</span>
        </div>
        {analysis.status === "FAILED" && (
          <div className="alert" role="alert" style={{ marginTop: 12 }}>
            <strong>{analysis.errorCode}</strong> {analysis.errorMessage}{" "}
            {/* The message says what was wrong with the recording; the way on is a new one. */}
            <Link href={`/upload?patient=${encodeURIComponent(analysis.patient.id)}`} data-testid="upload-again">
              Upload another recording of this patient
            </Link>
          </div>
        )}
      </Card>
      {analysis.status === "SUCCEEDED" && !report && (
        <div className="notice">This report has a shape this dashboard does not draw; download the JSON to read it.</div>
      )}
      {report && <ReportSections id={id} report={report} timings={analysis.timings} modelVersion={analysis.modelVersion} />}
      {/* Last, after everything the clinician judges the recording by; only a finished analysis can be reviewed. */}
      {analysis.status === "SUCCEEDED" && (
        <AnalysisReviewCard analysisId={analysis.id} review={analysis.review} period={recordingPeriod(report?.age.period)} canReview={canReviewAnalyses(viewer.role)} onChanged={refetch} />
      )}
    </div>
  );
}

/**
 * The report as files, served by the API (through this dashboard's proxy, so the session cookie
 * goes along) as `gma-report-<id>.json` and `.html`. HTML only for reports this dashboard can
 * read: the API renders the same 1.x shape and refuses others. Print likewise: it prints this
 * page as drawn from that report (globals.css's print rules leave out the app around it).
 */
function ReportDownloads({ id, html }: { id: string; html: boolean }) {
  const base = `/analyses/${encodeURIComponent(id)}/report`;
  return (
    <>
      <a className="btn" href={`${base}.json`} download={`gma-report-${id}.json`}>
        Download JSON
      </a>
      {html && (
        <>
          <a className="btn" href={`${base}.html`} download={`gma-report-${id}.html`}>
            Download HTML
          </a>
          <button className="btn" type="button" onClick={() => window.print()}>
            Print
          </button>
        </>
      )}
    </>
  );
}

function ReportSections({ id, report, timings, modelVersion }: { id: string; report: ReportView; timings: unknown; modelVersion: string | null | undefined }) {
  const [cursor, setCursor] = useState(0);
  // The player ticks every animation frame; the page (charts included) re-renders only when the
  // cursor moves a tenth of a second. At frame rate it starved everything else on a slow machine:
  // a click on a nav link while the replay played did not navigate.
  const onTime = useCallback((t: number) => setCursor(Math.round(t * 10) / 10), []);
  const total = typeof timings === "object" && timings !== null ? (timings as Record<string, number>).total : undefined;
  const age = ageView(report.age);
  return (
    <>
      {/* What to know before reading the risk: an age outside the GMA's window or before term, a simulated recording, an age other than the file's. */}
      {reportNotices(report).map((notice) => (
        <div key={notice.kind} className="notice warn" role="note" data-testid={`report-notice-${notice.kind}`}>
          <strong>{notice.title}</strong> {notice.text}
        </div>
      ))}
      <div className="grid tiles">
        <Tile label="Risk" value={<Badge tone={RISK_TONE[report.risk.level]}>{report.risk.level}</Badge>} sub={`${formatNumber(report.risk.anomalyRatePercent, 1)} % anomalous windows`} />
        {/* The amount of movement, not its quality: "Movement: normal" next to a high risk read as a contradiction. */}
        <Tile label="Amount of movement" value={report.findings.movementLevel} sub={age.period} />
        <Tile label="Corrected age" value={age.correctedAge} sub={age.correctedNote} />
        <Tile label="Quality" value={<Badge tone={report.quality.passed ? "ok" : "danger"}>{report.quality.passed ? "passed" : "failed"}</Badge>} sub={`${formatNumber(report.quality.durationS, 1)} s at ${formatNumber(report.quality.fps, 1)} fps`} />
        <Tile
          label="Analysis time"
          value={formatMs(total)}
          sub={
            <>
              model <Identifier text={modelVersionOf(report, modelVersion)} />
              {report.model.weights && (
                <>
                  {" · "}
                  <Identifier text={report.model.weights} />
                </>
              )}
            </>
          }
        />
      </div>
      {fromSyntheticModel(report) && (
        <div className="notice warn" role="note" data-testid="synthetic-model-notice">
          <strong>SYNTHETIC model.</strong> The anomaly model behind this report was trained and evaluated on simulated infant movement only; it has not been validated on
          real infants, and its risk level must not be used for clinical decisions. <Link href="/model-evaluation">How it was evaluated</Link>
        </div>
      )}
      <Card title="Assessment">
        <p data-testid="assessment-summary">{report.assessment.summary}</p>
        {report.assessment.details.length > 0 && (
          <ul>
            {report.assessment.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
        {report.risk.signs.length > 0 && (
          <>
            <h3>Signs</h3>
            <ul>
              {strongestSigns(report.risk.signs).map((s) => (
                <li key={s.id}>
                  <Badge tone={s.severity === "high" ? "danger" : "warn"}>{s.severity}</Badge> {s.message}
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>Recommendations</h3>
        <ul>
          {report.recommendations.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <p className="muted" style={{ fontSize: 12 }}>{report.disclaimer}</p>
      </Card>
      <div className="grid two">
        <Card title={scoreLabel(report).title}>
          <ErrorTimelineChart report={report} cursorS={cursor} />
          <p className="muted" style={{ margin: 0 }}>
            Threshold {report.timeline.threshold.toPrecision(3)} · {report.timeline.anomalousCount} of {report.timeline.errors.length} windows above it (shaded)
            {flaggedBySummary(report) !== null && <> · flagged by {flaggedBySummary(report)}</>}
          </p>
        </Card>
        <Card title="Skeleton replay" className="screen-only">
          <SkeletonPlayer analysisId={id} fallbackDurationS={report.quality.durationS} onTime={onTime} />
        </Card>
      </div>
      {/* The tables take the width they need, beside the chart where both fit (else each on its own row). */}
      <div className="pair-fit">
        <Card title="Joint amplitude against normal ranges" className="shrinks">
          <JointAmplitudeChart report={report} />
        </Card>
        <div className="stack">
          <Card title="Asymmetry">
            <table className="table phone-fit" data-testid="asymmetry">
              <thead>
                <tr>
                  <th>limb</th>
                  <th className="num">left/right ratio</th>
                  {/* On a phone: the ratio and the finding; its normal range and z at desktop width. */}
                  <th className="num wide-only">normal</th>
                  <th className="num wide-only">z</th>
                  <th>finding</th>
                </tr>
              </thead>
              <tbody>
                {report.asymmetry.limbs.map((l) => (
                  <tr key={l.limb}>
                    <td>{l.limb}</td>
                    <td className="num">{formatNumber(l.ratio, 2)}</td>
                    <td className="num wide-only">
                      {formatNumber(l.normalMean, 2)} ± {formatNumber(l.normalStd, 2)}
                    </td>
                    <td className="num wide-only">{formatNumber(l.zScore, 2)}</td>
                    <td data-testid="asymmetry-finding">{l.asymmetric ? <Badge tone="danger">asymmetric, {l.reducedSide} reduced</Badge> : <Badge tone="ok">symmetric</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted" style={{ margin: "8px 0 0" }}>Flagged beyond {report.asymmetry.thresholdSigma} SD.</p>
          </Card>
          <Card title="Quality">
            <table className="table phone-fit" data-testid="quality">
              <thead>
                <tr>
                  <th>criterion</th>
                  <th className="num">value</th>
                  <th className="num">minimum</th>
                  <th>
                    <span className="visually-hidden">result</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.quality.checks.map((c) => {
                  const view = qualityCheckView(c);
                  return (
                    <tr key={c.criterion}>
                      <td title={c.criterion}>{view.label}</td>
                      <td className="num">{view.value}</td>
                      <td className="num">{view.minimum}</td>
                      <td>{c.passed ? <Badge tone="ok">ok</Badge> : <Badge tone="danger">below</Badge>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
        </div>
      </div>
    </>
  );
}

/** The model version the analysis ran with, as the API records it, else as the report states it. */
function modelVersionOf(report: ReportView, modelVersion: string | null | undefined): string {
  return modelVersion ?? report.model.version;
}
