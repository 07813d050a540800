"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { memo } from "react";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "@/components/charts/axis-title";
import { chartImage } from "@/components/charts/chart-image";
import { SeriesSwatch, seriesFill } from "@/components/charts/series-marks";
import { CHART_BACKGROUND, CHART_GRID, CHART_PALETTE } from "@/lib/chart-palette";
import { describeJointAmplitudes } from "@/lib/chart-summary";
import type { RangeStatus, ReportView } from "@/lib/report";

/** The statuses, in the legend's order. */
const STATUSES: readonly RangeStatus[] = ["reduced", "normal", "increased"];

/** Each status's mark ({@link seriesFill}): normal plain, the two departures from it textured. */
const MARK: Record<RangeStatus, number> = { normal: 0, reduced: 1, increased: 2 };

/** What the amplitude is measured in: joints are normalised to the body's bounding-box diagonal. */
export const AMPLITUDE_UNIT = "share of body size";

/** Amplitude of each joint next to its normal mean, the whisker spanning ±2 SD. */
function JointAmplitudeChartImpl({ report }: { report: ReportView }) {
  // A joint's amplitude under its status's key only: one bar per status (stacked, so one bar a
  // joint), each with its colour and texture, where recharts' cells could give a colour alone.
  const data = report.findings.joints.map((j) => ({
    name: j.name,
    [j.status]: j.amplitude,
    normalMean: j.normalAmplitude.mean,
    range: 2 * j.normalAmplitude.std,
  }));
  return (
    <div data-testid="joint-amplitudes">
      <div className="chart" style={{ height: Math.max(260, data.length * 26) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...chartImage(describeJointAmplitudes(report, AMPLITUDE_UNIT))} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              type="number"
              fontSize={11}
              tickFormatter={(v: number) => v.toPrecision(2)}
              height={TITLED_X_AXIS_HEIGHT}
              label={axisTitle(`amplitude (${AMPLITUDE_UNIT})`, "x")}
            />
            <YAxis type="category" dataKey="name" width="auto" fontSize={11} label={axisTitle("joint", "y")} />
            <Tooltip formatter={(v) => Number(v).toPrecision(3)} />
            {STATUSES.map((status) => (
              <Bar key={status} dataKey={status} name={`amplitude (${status})`} stackId="amplitude" fill={seriesFill(CHART_PALETTE.amplitude[status], MARK[status])} isAnimationActive={false} />
            ))}
            {/* Hollow: the reference reads apart from the filled amplitudes by its shape, not its colour. */}
            <Bar dataKey="normalMean" name="normal mean (±2 SD)" fill={CHART_BACKGROUND} stroke={CHART_PALETTE.normalRange.outline} isAnimationActive={false}>
              <ErrorBar dataKey="range" width={4} stroke={CHART_PALETTE.normalRange.whisker} direction="x" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* Drawn here rather than by recharts: the statuses under one heading, and what the whisker spans. */}
      <div className="legend" data-testid="joint-amplitude-legend">
        <span>joint amplitude:</span>
        {STATUSES.map((status) => (
          <span key={status}>
            <SeriesSwatch color={CHART_PALETTE.amplitude[status]} index={MARK[status]} /> {status}
          </span>
        ))}
        <span>
          <i style={{ background: CHART_BACKGROUND, border: `1px solid ${CHART_PALETTE.normalRange.outline}` }} /> normal mean, whisker ±2 SD
        </span>
      </div>
    </div>
  );
}

/** Per-joint amplitude against normal ranges; memoised, as the report page re-renders while the replay plays. */
export const JointAmplitudeChart = memo(JointAmplitudeChartImpl);
