"use client";

import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { hasStopped, StatusBadge } from "@/components/analyses/status-badge";
import { Badge, Card, EmptyState, ErrorState, PageHeader, ProgressBar } from "@/components/ui";
import { PatientQuery } from "@/graphql/patients";
import { useQuery } from "@/hooks/use-query";
import { useViewer } from "@/hooks/use-viewer";
import { auditHistoryHref, canReadAuditLog } from "@/lib/capabilities";
import { formatDate, formatDateTime, formatNumber } from "@/lib/format";
import { fromSyntheticModel, readReport, scoreLabel } from "@/lib/report";
import { ArchivedMark } from "@/components/analyses/archived-mark";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "@/components/charts/axis-title";
import { chartImage } from "@/components/charts/chart-image";
import { seriesDash, SOLID_DOT } from "@/components/charts/series-marks";
import { CHART_GRID, CHART_PALETTE, LEGEND_LABEL } from "@/lib/chart-palette";
import { describeBars } from "@/lib/chart-summary";
import { ReviewMark } from "@/components/analyses/review-mark";
import { RiskBadge } from "@/components/analyses/risk-badge";

const RISK_SCORE = { low: 0, medium: 1, high: 2 } as const;

/** A patient's visits and the trend of risk and reconstruction error across them. */
export function PatientDetail({ id }: { id: string }) {
  const viewer = useViewer();
  const { data, error, refetch } = useQuery(PatientQuery, { variables: { id }, pollMs: 5000 });
  if (!data)
    return error !== undefined ? (
      <ErrorState error={error} retry={refetch}>
        <p style={{ margin: "4px 0 0" }}>
          <Link href="/patients">Back to the patients</Link>
        </p>
      </ErrorState>
    ) : (
      <Card.Skeleton />
    );
  const patient = data.patient;
  const visits = patient.analyses
    .map((a) => ({ a, report: readReport(a.report) }))
    .filter((v) => v.report)
    .map(({ a, report }) => ({
      ageWeeks: a.ageWeeks,
      anomalyRate: report!.risk.anomalyRatePercent,
      meanError: report!.timeline.meanError,
      risk: RISK_SCORE[report!.risk.level],
      synthetic: fromSyntheticModel(report!),
      score: scoreLabel(report!).series,
    }))
    .sort((x, y) => x.ageWeeks - y.ageWeeks);
  // The trend's figures come from the reports' model: say so when it has seen simulated infants only.
  const synthetic = visits.some((v) => v.synthetic);
  // "mean anomaly score (SD from normal)" or, for old reports only, "mean reconstruction error".
  const scoreNames = [...new Set(visits.map((v) => v.score))];
  const meanName = `mean ${scoreNames.length === 1 ? scoreNames[0] : "window score"}`;
  // The right axis's title, short enough to stand along it: the legend says the rest.
  const meanTitle = scoreNames.length === 1 && scoreNames[0]!.includes("(SD from normal)") ? "mean score (SD from normal)" : meanName;
  const trendSummary = describeBars({
    what: "analysis results",
    by: "age at recording (weeks)",
    data: visits.map((v) => ({ name: `${formatNumber(v.ageWeeks, 1)} wk`, anomalyRate: v.anomalyRate, meanError: v.meanError })),
    series: [
      { key: "anomalyRate", label: "anomalous windows (%)" },
      { key: "meanError", label: meanName },
    ],
    omitZeros: false,
  });

  return (
    <div className="stack">
      <PageHeader
        title={`Patient ${patient.code}`}
        description={`Born ${formatDate(patient.birthDate)} at ${formatNumber(patient.gestationalAgeWeeks, 1)} weeks · clinician ${patient.owner.displayName}`}
        actions={
          <>
            {canReadAuditLog(viewer.role) && (
              <Link className="btn" href={auditHistoryHref("patient", patient.id)}>
                Audit history
              </Link>
            )}
            <Link className="btn primary" href={`/upload?patient=${patient.id}`}>
              Upload a recording
            </Link>
          </>
        }
      />
      <Card
        title="Trend across visits"
        actions={
          synthetic && (
            <span data-testid="patient-trend-synthetic" title="These figures come from a model trained and evaluated on simulated infants only; not for clinical decisions.">
              <Badge tone="warn">SYNTHETIC model</Badge>
            </span>
          )
        }
      >
        {visits.length === 0 ? (
          <EmptyState title="No finished analyses yet">
            <p>The trend appears once an analysis of this patient has finished.</p>
          </EmptyState>
        ) : (
          <div className="chart" style={{ height: 260 }} data-testid="patient-trend">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart {...chartImage(trendSummary)} data={visits} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
                <XAxis
                  dataKey="ageWeeks"
                  type="number"
                  domain={["dataMin - 1", "dataMax + 1"]}
                  tickFormatter={(v: number) => `${v} wk`}
                  fontSize={11}
                  height={TITLED_X_AXIS_HEIGHT}
                  label={axisTitle("age at recording (weeks)", "x")}
                />
                <YAxis yAxisId="rate" fontSize={11} tickFormatter={(v: number) => `${v} %`} width="auto" label={axisTitle("anomalous windows (%)", "y")} />
                <YAxis
                  yAxisId="error"
                  orientation="right"
                  fontSize={11}
                  tickFormatter={(v: number) => v.toPrecision(2)}
                  width="auto"
                  label={axisTitle(meanTitle, "y-right")}
                />
                <Tooltip labelFormatter={(v) => `${v} weeks`} formatter={(v) => formatNumber(Number(v), 2)} />
                <Legend labelStyle={LEGEND_LABEL} />
                {/* Told apart by their dashes as well as their colours, the legend showing both (plainline). */}
                <Line yAxisId="rate" dataKey="anomalyRate" name="anomalous windows (%)" stroke={CHART_PALETTE.trend.anomalyRate} strokeDasharray={seriesDash(0)} dot={SOLID_DOT} legendType="plainline" strokeWidth={2} isAnimationActive={false} />
                <Line yAxisId="error" dataKey="meanError" name={meanName} stroke={CHART_PALETTE.trend.meanError} strokeDasharray={seriesDash(1)} dot={SOLID_DOT} legendType="plainline" strokeWidth={2} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        )}
      </Card>
      <Card title="Analyses">
        {patient.analyses.length === 0 ? (
          <EmptyState title="No analyses yet" />
        ) : (
          <table className="table phone-fit" data-testid="patient-analyses">
            <thead>
              <tr>
                <th>created</th>
                {/* On a phone, as in the analyses list: when, status, risk and review; age and progress give way. */}
                <th className="num wide-only">age (weeks)</th>
                <th>status</th>
                <th className="wide-only">progress</th>
                <th>risk</th>
                <th>review</th>
              </tr>
            </thead>
            <tbody>
              {patient.analyses.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={`/analyses/${a.id}`}>{formatDateTime(a.createdAt)}</Link>
                  </td>
                  <td className="num wide-only">{formatNumber(a.ageWeeks, 1)}</td>
                  <td>
                    <StatusBadge status={a.status} />
                    <ArchivedMark archivedAt={a.archivedAt} />
                  </td>
                  <td className="wide-only">
                    <ProgressBar value={a.progress} stopped={hasStopped(a.status)} />
                  </td>
                  <td data-testid="analysis-risk">
                    <RiskBadge level={a.riskLevel} />
                  </td>
                  <td data-testid="analysis-review">
                    <ReviewMark status={a.status} review={a.review} />
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
