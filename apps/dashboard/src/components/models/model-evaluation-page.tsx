"use client";

import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { Badge, Card, EmptyState, ErrorState, Identifier, PageHeader, Tile } from "@/components/ui";
import { AnomalyModelQuery } from "@/graphql/models";
import { useQuery } from "@/hooks/use-query";
import { CHART_PALETTE } from "@/lib/chart-palette";
import { formatNumber } from "@/lib/format";
import {
  classRows,
  expectedLevel,
  formatAuroc,
  formatInterval,
  formatRate,
  goalStatement,
  misratedSigns,
  riskLevelBars,
  type RecordingLevel,
  type WindowLevel,
} from "@/lib/model-evaluation";
import { RISK_TONE, riskLevelName } from "@/lib/risk-level";
import { ReviewAgreementCard } from "./review-agreement-card";
import { SyntheticBadge } from "./synthetic-badge";
import { WeightsVariantsCard } from "./weights-variants-card";

/** A tile value that is a long identifier: smaller, and wrapped at its dots and hyphens (Identifier). */
const LONG_VALUE = { display: "block", fontSize: 13, lineHeight: 1.5 } as const;

/**
 * How the served anomaly model was evaluated, from its model card: the model, the recording-level
 * risk levels per class, the window-level figures and the goal, and its weights files. Every
 * figure of a synthetic card is labelled SYNTHETIC: it describes the simulator's classes, not
 * real infants. Beside them, how the model agrees with clinicians' reviews of real recordings.
 */
export function ModelEvaluationPage() {
  const { data, error, loading, refetch } = useQuery(AnomalyModelQuery);
  const model = data?.anomalyModel;
  return (
    <div className="stack">
      <PageHeader title="Model evaluation" description="How the anomaly model this installation serves was evaluated, as its model card states it." />
      {error !== undefined && <ErrorState error={error} retry={refetch} />}
      {!model && loading && (
        <>
          <div className="grid tiles">
            {Array.from({ length: 4 }, (_, i) => (
              <Tile.Skeleton key={i} />
            ))}
          </div>
          <Card.Skeleton height={260} />
        </>
      )}
      {model && (
        <>
          {model.synthetic ? (
            <div className="notice warn" role="note" data-testid="synthetic-notice">
              <strong>SYNTHETIC data.</strong> Every figure from the model card on this page was measured on simulated infant movement, not on real infants. It says how well
              the model separates the simulator&apos;s classes, not how it performs clinically. Only the card of clinicians&apos; reviews counts real recordings.
              {model.dataWarning && <p style={{ margin: "6px 0 0" }}>{model.dataWarning}</p>}
            </div>
          ) : (
            <p className="notice" data-testid="synthetic-notice">
              The model card does not mark its evaluation data as synthetic; check its provenance before relying on these figures.
            </p>
          )}
          <div className="grid tiles">
            <Tile
              label="Model version"
              value={
                <span style={LONG_VALUE}>
                  <Identifier code text={model.modelVersion} />
                </span>
              }
              sub={model.name ?? undefined}
            />
            <Tile
              label="Served file"
              value={
                <span style={LONG_VALUE} data-testid="served-file">
                  <Identifier code text={model.servedFile} />
                </span>
              }
            />
            <Tile label="Window threshold" value={formatNumber(model.threshold, 3)} sub={`score: ${model.scoreKind}`} />
            <Tile label="Evaluation data" value={model.synthetic ? <Badge tone="warn">SYNTHETIC</Badge> : <Badge>not marked synthetic</Badge>} />
          </div>
          <RecordingLevelSection level={model.recordingLevel ?? null} synthetic={model.synthetic} />
          <WindowLevelSection level={model.windowLevel ?? null} fresh={model.recordingLevel?.windowSpecificity ?? null} synthetic={model.synthetic} />
          <Card title="Per class" actions={<SyntheticBadge synthetic={model.synthetic} />}>
            <ClassTable window={model.windowLevel ?? null} recording={model.recordingLevel ?? null} />
          </Card>
          <ReviewAgreementCard servedVersion={model.modelVersion} />
          <WeightsVariantsCard variants={model.variants ?? null} servedReason={model.servedReason ?? null} synthetic={model.synthetic} />
          {model.limitations && model.limitations.length > 0 && (
            <Card title="Limitations">
              <ul data-testid="limitations" style={{ margin: 0, paddingLeft: 18 }}>
                {model.limitations.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
    </div>
  );
}

function RecordingLevelSection({ level, synthetic }: { level: RecordingLevel | null; synthetic: boolean }) {
  if (!level) {
    return (
      <Card title="Recording level: risk level of whole recordings">
        <EmptyState title="No recording-level evaluation in this model card">
          Cards written before the recording evaluation (<code>training/evaluate-recordings.ts</code>) lack it; retraining with <code>npm run train</code> adds it.
        </EmptyState>
      </Card>
    );
  }
  const expected = new Map(level.classes.map((c) => [c.name, expectedLevel(c.label)]));
  return (
    <>
      <div className="grid two">
        <Tile
          label={synthetic ? "Recording specificity (SYNTHETIC)" : "Recording specificity"}
          value={`${formatRate(level.specificity.rate)}`}
          sub={`${level.specificity.rated} of ${level.specificity.recordings} normal recordings rated low · 95 % interval ${formatInterval(level.specificity.interval95)}`}
        />
        <Tile
          label={synthetic ? "Recording sensitivity (SYNTHETIC)" : "Recording sensitivity"}
          value={`${formatRate(level.sensitivity.rate)}`}
          sub={`${level.sensitivity.rated} of ${level.sensitivity.recordings} anomalous recordings rated medium or high · 95 % interval ${formatInterval(level.sensitivity.interval95)}`}
        />
      </div>
      <Card title="Recording level: risk level of whole recordings, per class" actions={<SyntheticBadge synthetic={synthetic} />}>
        <p className="muted" style={{ marginTop: 0 }}>
          {level.recordingsPerClass}
          {synthetic ? " SYNTHETIC" : ""} recordings per class, {formatNumber(level.durationS, 1)} s each, analysed as serving analyses them with the default risk
          policy. The level each class should get is under its name.
        </p>
        <StackedBarChart
          testId="risk-level-chart"
          height={280}
          xTitle="simulator class"
          yTitle="recordings (count)"
          data={riskLevelBars(level)}
          subLabel={(name) => (expected.has(name) ? `expect ${expected.get(name)}` : undefined)}
          series={[
            { key: "low", label: "rated low", color: CHART_PALETTE.risk.low },
            { key: "medium", label: "rated medium", color: CHART_PALETTE.risk.medium },
            { key: "high", label: "rated high", color: CHART_PALETTE.risk.high },
          ]}
        />
        {(level.note || level.intervalRule) && (
          <p className="muted" style={{ marginBottom: 0, fontSize: 12, whiteSpace: "normal" }}>
            {level.note}
            {level.note && level.intervalRule && " · "}
            {level.intervalRule && `Intervals: ${level.intervalRule}.`}
          </p>
        )}
      </Card>
      <Card title="Recordings rated against their class" actions={<SyntheticBadge synthetic={synthetic} />}>
        {level.misrated.length === 0 ? (
          <EmptyState title="None">Every evaluated recording got the level its class should get.</EmptyState>
        ) : (
          <table className="table phone-fit" data-testid="misrated-recordings">
            <thead>
              <tr>
                <th>class</th>
                {/* On a phone: the class (which says what was expected), the level and why, in words. */}
                <th className="wide-only">expected</th>
                <th>rated</th>
                <th className="num wide-only">anomalous windows</th>
                <th>signs (strongest per measure)</th>
                <th className="num wide-only">simulator seed</th>
              </tr>
            </thead>
            <tbody>
              {level.misrated.map((r) => (
                <tr key={`${r.className}-${r.seed}`}>
                  <td>
                    <Identifier text={r.className} />
                  </td>
                  <td className="wide-only">{expected.get(r.className) ?? "—"}</td>
                  <td>
                    <Badge tone={RISK_TONE[riskLevelName(r.level)]}>{riskLevelName(r.level)}</Badge>
                  </td>
                  <td className="num wide-only">{r.anomalyRatePercent === null || r.anomalyRatePercent === undefined ? "—" : `${formatNumber(r.anomalyRatePercent, 1)} %`}</td>
                  {/* Every rule that fired stays a hover away; the cell reads as the report's signs do. */}
                  <td className="wrap" style={{ minWidth: 140 }} title={r.signs.length ? `rules fired: ${r.signs.join(", ")}` : undefined} data-testid="misrated-signs">
                    {r.signs.length ? (
                      misratedSigns(r.signs)
                        .map((s) => s.words)
                        .join("; ")
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td className="num wide-only">{r.seed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function WindowLevelSection({ level, fresh, synthetic }: { level: WindowLevel | null; fresh: RecordingLevel["windowSpecificity"] | null; synthetic: boolean }) {
  return (
    <Card title="Window level: single windows against the threshold" actions={<SyntheticBadge synthetic={synthetic} />}>
      {!level ? (
        <EmptyState title="No window-level metrics in this model card">The card was written without an evaluation of its windows; retrain to add one.</EmptyState>
      ) : (
        <div data-testid="window-level">
          <p style={{ marginTop: 0 }}>
            Specificity <strong>{formatRate(level.specificity)}</strong> (95 % interval {formatInterval(level.specificityInterval95)})
            {level.normalTestWindows != null && (
              <>
                {" "}
                over {level.normalTestWindows} normal test windows{level.normalTestInfants != null && <> of {level.normalTestInfants} infants</>}
              </>
            )}
            ; AUROC {formatAuroc(level.minAuroc)} at worst, {formatAuroc(level.meanAuroc)} on average over the anomaly classes.
          </p>
          {fresh && (
            <p data-testid="fresh-window-specificity">
              On the normal evaluation recordings, every window: specificity <strong>{formatRate(fresh.rate)}</strong> (95 % interval {formatInterval(fresh.interval95)}),{" "}
              {fresh.windows - fresh.anomalous} of {fresh.windows} windows at or below the threshold: a second estimate beside the test set&apos;s.
            </p>
          )}
          <p data-testid="goal-status" style={{ margin: 0 }}>
            {level.goalMet === true ? <Badge tone="ok">goal met</Badge> : level.goalMet === false ? <Badge tone="danger">goal not met</Badge> : <Badge>goal status unknown</Badge>}{" "}
            {goalStatement(level)}
          </p>
          {level.specificityIntervalRule && (
            <p className="muted" style={{ marginBottom: 0, fontSize: 12 }}>
              Interval: {level.specificityIntervalRule}.
            </p>
          )}
        </div>
      )}
    </Card>
  );
}

function ClassTable({ window, recording }: { window: WindowLevel | null; recording: RecordingLevel | null }) {
  const rows = classRows(window, recording);
  if (rows.length === 0) return <EmptyState title="No per-class figures in this model card" />;
  return (
    <>
      <p className="muted" style={{ marginTop: 0 }}>
        Window figures exist for the anomaly classes only: each is measured against the normal test windows. &ldquo;Rated as expected&rdquo; counts recordings rated low for a
        normal class, medium or high for an anomaly class.
      </p>
      <table className="table phone-fit" data-testid="class-table">
        <thead>
          <tr>
            <th>class</th>
            {/* On a phone: how each class's windows and recordings were told apart; the rest at desktop width. */}
            <th className="wide-only">expected level</th>
            <th className="num">window AUROC</th>
            <th className="num wide-only">window sensitivity</th>
            <th className="num wide-only" title="AUROC of the mean window score per recording">
              recording AUROC
            </th>
            <th className="num">rated as expected</th>
            <th className="num wide-only">95 % interval</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                <Identifier text={r.name} />
              </td>
              <td className="wide-only">{r.expected ?? "—"}</td>
              <td className="num">{formatAuroc(r.auroc)}</td>
              <td className="num wide-only">{formatRate(r.sensitivity)}</td>
              <td className="num wide-only">{formatAuroc(r.recordingAuroc)}</td>
              <td className="num" data-testid="class-rated">
                {r.recording ? `${r.recording.rated}/${r.recording.recordings} = ${formatRate(r.recording.rate)}` : "—"}
              </td>
              <td className="num wide-only">{r.recording ? formatInterval(r.recording.interval) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
