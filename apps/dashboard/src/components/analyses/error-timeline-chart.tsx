"use client";

import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "@/components/charts/axis-title";
import { chartImage } from "@/components/charts/chart-image";
import { CHART_GRID, CHART_PALETTE } from "@/lib/chart-palette";
import { describeTimeline } from "@/lib/chart-summary";
import { anomalousRanges, scoreLabel, timelinePoints, type ReportView } from "@/lib/report";

/** Each window's anomaly score (or, in 1.0.0 reports, reconstruction error) against the model's threshold, anomalous windows shaded. */
export function ErrorTimelineChart({ report, cursorS }: { report: ReportView; cursorS?: number }) {
  const points = timelinePoints(report);
  const ranges = anomalousRanges(report);
  const maxY = Math.max(report.timeline.threshold * 1.2, ...points.map((p) => p.error));
  return (
    <div className="chart" style={{ height: 260 }} data-testid="error-timeline">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart {...chartImage(describeTimeline(report))} data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis
            dataKey="start"
            type="number"
            domain={[0, "dataMax"]}
            tickFormatter={(s: number) => `${s.toFixed(0)} s`}
            fontSize={11}
            height={TITLED_X_AXIS_HEIGHT}
            label={axisTitle("window start in the recording (s)", "x")}
          />
          <YAxis
            domain={[0, maxY]}
            tickFormatter={(v: number) => v.toPrecision(2)}
            fontSize={11}
            width="auto"
            label={axisTitle(scoreLabel(report).series, "y")}
          />
          <Tooltip labelFormatter={(s) => `window at ${Number(s).toFixed(1)} s`} formatter={(v) => Number(v).toPrecision(3)} />
          {ranges.map((r) => (
            <ReferenceArea key={r.from} x1={r.from} x2={r.to} y1={0} y2={maxY} fill={CHART_PALETTE.timeline.threshold} fillOpacity={0.12} ifOverflow="extendDomain" />
          ))}
          <ReferenceLine y={report.timeline.threshold} stroke={CHART_PALETTE.timeline.threshold} strokeDasharray="6 4" label={{ value: "threshold", position: "insideTopRight", fontSize: 11, fill: CHART_PALETTE.timeline.threshold }} />
          {cursorS !== undefined && <ReferenceLine x={cursorS} stroke={CHART_PALETTE.timeline.cursor} />}
          <Line type="monotone" dataKey="error" name={scoreLabel(report).series} stroke={CHART_PALETTE.timeline.score} dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
