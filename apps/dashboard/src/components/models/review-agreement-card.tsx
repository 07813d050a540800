"use client";

import { useState } from "react";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { Badge, Card, EmptyState, ErrorState, Identifier, Skeleton, Tile } from "@/components/ui";
import { ReviewAgreementQuery } from "@/graphql/models";
import { useQuery } from "@/hooks/use-query";
import { CHART_PALETTE } from "@/lib/chart-palette";
import { plural } from "@/lib/format";
import { gmaClassName, type GmaClassInfo } from "@/lib/gma-classes";
import { formatRate } from "@/lib/model-evaluation";
import {
  agreementBars,
  agreementInterval,
  agreementSentence,
  MIN_REVIEWS_TO_JUDGE,
  summarizeReviewAgreement,
  verdictAbbreviations,
  type AgreementFigure,
  type ReviewAgreementCount,
  type ReviewAgreementSummary,
} from "@/lib/review-agreement-summary";

/** Whose reviews the card counts: those of analyses by the served model version, or by any. */
export type ReviewScope = "served" | "all";

/** The chart's stacks: the model's risk levels, in the colours every risk chart uses. */
const SERIES = [
  { key: "low", label: "rated low", color: CHART_PALETTE.risk.low },
  { key: "medium", label: "rated medium", color: CHART_PALETTE.risk.medium },
  { key: "high", label: "rated high", color: CHART_PALETTE.risk.high },
];

const TITLE = "Agreement with clinicians' reviews (real recordings)";

/**
 * How the served model's risk levels agree with clinicians' own assessments of real recordings
 * analysed on this installation (the API's reviewAgreement), for the served model version or for
 * every version. Unlike the rest of the page these are not synthetic figures.
 */
export function ReviewAgreementCard({ servedVersion }: { servedVersion: string }) {
  const [scope, setScope] = useState<ReviewScope>("served");
  const { data, error, loading, refetch } = useQuery(ReviewAgreementQuery, { variables: { modelVersion: scope === "served" ? servedVersion : null } });
  // While the other scope loads, the counts still held are the previous scope's: not shown under the new label.
  return <ReviewAgreementCardView servedVersion={servedVersion} scope={scope} onScopeChange={setScope} cells={loading ? undefined : data?.reviewAgreement} error={error} retry={refetch} />;
}

/**
 * What {@link ReviewAgreementCard} shows for the counts it has (`cells` undefined while they
 * load): split from the query so that it renders without the API.
 */
export function ReviewAgreementCardView({
  servedVersion,
  scope,
  onScopeChange,
  cells,
  error,
  retry,
}: {
  servedVersion: string;
  scope: ReviewScope;
  onScopeChange: (scope: ReviewScope) => void;
  cells: readonly ReviewAgreementCount[] | undefined;
  error?: unknown;
  retry?: () => void;
}) {
  const summary = cells ? summarizeReviewAgreement(cells) : undefined;
  return (
    <Card
      title={TITLE}
      actions={
        <div className="row">
          <Badge tone="info">real recordings</Badge>
          <select aria-label="Reviews of analyses by" value={scope} onChange={(e) => onScopeChange(e.target.value === "all" ? "all" : "served")} style={{ maxWidth: "100%" }}>
            <option value="served">the served model version</option>
            <option value="all">all model versions</option>
          </select>
        </div>
      }
    >
      <p className="notice" role="note" style={{ marginTop: 0 }} data-testid="review-agreement-provenance">
        Not synthetic figures: clinicians&apos; own General Movements Assessments of <strong>real recordings analysed on this installation</strong>, set against the risk level
        the model gave each. The review counts are this installation&apos;s own, for{" "}
        {scope === "served" ? (
          <>
            analyses by the served model version <Identifier code text={servedVersion} />
          </>
        ) : (
          "analyses by every model version it has served"
        )}
        .
      </p>
      {error !== undefined ? (
        <ErrorState error={error} retry={retry} />
      ) : !summary ? (
        <Skeleton height={220} />
      ) : summary.reviews === 0 ? (
        <EmptyState title={scope === "served" ? "No clinicians' reviews of this model version's analyses yet" : "No clinicians' reviews yet"}>
          <p style={{ marginBottom: 0 }}>
            Clinicians record a review on a finished analysis&apos;s page, with their own class of the recording&apos;s movements; each review is counted here against the risk
            level the model gave.
            {scope === "served" && " Reviews of analyses by earlier model versions are under “all model versions”."}
          </p>
        </EmptyState>
      ) : (
        <AgreementFigures summary={summary} />
      )}
    </Card>
  );
}

function AgreementFigures({ summary }: { summary: ReviewAgreementSummary }) {
  const { sensitivity, specificity } = summary;
  const few = [sensitivity.tooFew && "abnormal", specificity.tooFew && "normal"].filter((v) => v !== false);
  return (
    <div className="stack" data-testid="review-agreement">
      <div className="grid two">
        <Figure label="Classed abnormal, rated medium or high (sensitivity against clinicians)" kind="sensitivity" figure={sensitivity} />
        <Figure label="Classed normal, rated low (specificity against clinicians)" kind="specificity" figure={specificity} />
      </div>
      {few.length > 0 && (
        <p className="notice warn" role="note" style={{ margin: 0 }} data-testid="review-agreement-caution">
          <strong>Too few reviews to judge the model by.</strong> Fewer than {MIN_REVIEWS_TO_JUDGE} reviews{" "}
          {few.map((verdict) => `classed ${verdict}`).join(` and fewer than ${MIN_REVIEWS_TO_JUDGE} `)}: a rate from so few
          recordings can be far from the model&apos;s real one, as the width of its 95 % interval shows.
        </p>
      )}
      <p className="muted" style={{ margin: 0, fontSize: 12 }} data-testid="review-agreement-counted-apart">
        {plural(summary.reviews, "review")} in all, {summary.notAssessable.toLocaleString()} of them of recordings not assessable (counted apart, in neither figure).
        {summary.unrecognised > 0 && ` ${plural(summary.unrecognised, "review")} with a class or risk level this dashboard does not know ${summary.unrecognised === 1 ? "is" : "are"} left out; update the dashboard to count them.`}{" "}
        Intervals: Wilson score, 95 %.
      </p>
      {/* Side by side where both fit (the table's rows and the chart's bars in the same order), else the chart under the table. */}
      <div className="grid two" style={{ alignItems: "start" }}>
        <AgreementTable summary={summary} />
        <div>
          <StackedBarChart
            testId="review-agreement-chart"
            height={260}
            xTitle="clinician's class"
            yTitle="reviews (count)"
            data={agreementBars(summary)}
            series={SERIES}
          />
        </div>
      </div>
    </div>
  );
}

function Figure({ label, kind, figure }: { label: string; kind: "sensitivity" | "specificity"; figure: AgreementFigure }) {
  return (
    <Tile
      label={label}
      value={
        <span data-testid={`review-agreement-${kind}`}>
          {formatRate(figure.rate)}
          {figure.tooFew && figure.reviews > 0 && (
            <>
              {" "}
              <Badge tone="warn">too few reviews</Badge>
            </>
          )}
        </span>
      }
      sub={
        <>
          {agreementSentence(kind, figure)}
          {figure.interval95 && ` ${agreementInterval(figure)}.`}
        </>
      }
    />
  );
}

/** What a class's row counts towards: the verdict its reviews give. */
function rowNote(info: GmaClassInfo): string {
  return info.verdict === "unassessable" ? "counted apart" : info.verdict;
}

function AgreementTable({ summary }: { summary: ReviewAgreementSummary }) {
  return (
    <table className="table phone-fit" data-testid="review-agreement-table">
      <caption className="visually-hidden">
        Reviews by the clinician&apos;s class (rows; abnormal: {verdictAbbreviations("abnormal")}; normal: {verdictAbbreviations("normal")}) and the model&apos;s risk level
        (columns)
      </caption>
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            clinician&apos;s class
          </th>
          <th scope="colgroup" colSpan={3} style={{ textAlign: "center" }}>
            model&apos;s risk level
          </th>
          <th scope="col" rowSpan={2} className="num">
            total
          </th>
        </tr>
        <tr>
          <th scope="col" className="num">
            low
          </th>
          <th scope="col" className="num">
            medium
          </th>
          <th scope="col" className="num">
            high
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.rows.map((r) => (
          <tr key={r.classification}>
            <th scope="row">
              {gmaClassName(r.classification)}
              <span className="note">{rowNote(r.info)}</span>
            </th>
            <td className="num">{r.low}</td>
            <td className="num">{r.medium}</td>
            <td className="num">{r.high}</td>
            <td className="num">{r.total}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">all classes</th>
          <td className="num">{summary.totals.low}</td>
          <td className="num">{summary.totals.medium}</td>
          <td className="num">{summary.totals.high}</td>
          <td className="num">{summary.totals.total}</td>
        </tr>
      </tfoot>
    </table>
  );
}
