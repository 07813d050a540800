"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { memo } from "react";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "@/components/charts/axis-title";
import { chartImage } from "@/components/charts/chart-image";
import { describeJointAmplitudes } from "@/lib/chart-summary";
import type { RangeStatus, ReportView } from "@/lib/report";

const COLORS: Record<RangeStatus, string> = { reduced: "#b7791f", normal: "#1e8e4e", increased: "#c0392b" };

/** What the amplitude is measured in: joints are normalised to the body's bounding-box diagonal. */
export const AMPLITUDE_UNIT = "share of body size";

/** Amplitude of each joint next to its normal mean, the whisker spanning ±2 SD. */
function JointAmplitudeChartImpl({ report }: { report: ReportView }) {
  const data = report.findings.joints.map((j) => ({
    name: j.name,
    amplitude: j.amplitude,
    normal: j.normalAmplitude.mean,
    range: 2 * j.normalAmplitude.std,
    status: j.status,
  }));
  return (
    <div data-testid="joint-amplitudes">
      <div className="chart" style={{ height: Math.max(260, data.length * 26) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...chartImage(describeJointAmplitudes(report, AMPLITUDE_UNIT))} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              type="number"
              fontSize={11}
              tickFormatter={(v: number) => v.toPrecision(2)}
              height={TITLED_X_AXIS_HEIGHT}
              label={axisTitle(`amplitude (${AMPLITUDE_UNIT})`, "x")}
            />
            <YAxis type="category" dataKey="name" width="auto" fontSize={11} label={axisTitle("joint", "y")} />
            <Tooltip formatter={(v) => Number(v).toPrecision(3)} />
            <Bar dataKey="amplitude" name="amplitude" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.name} fill={COLORS[d.status]} />
              ))}
            </Bar>
            <Bar dataKey="normal" name="normal mean (±2 SD)" fill="#cbd5e1" isAnimationActive={false}>
              <ErrorBar dataKey="range" width={4} stroke="#475569" direction="x" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* Drawn here rather than by recharts, whose legend shows one colour for bars coloured per joint. */}
      <div className="legend" data-testid="joint-amplitude-legend">
        <span>joint amplitude:</span>
        {(Object.keys(COLORS) as RangeStatus[]).map((status) => (
          <span key={status}>
            <i style={{ background: COLORS[status] }} /> {status}
          </span>
        ))}
        <span>
          <i style={{ background: "#cbd5e1" }} /> normal mean, whisker ±2 SD
        </span>
      </div>
    </div>
  );
}

/** Per-joint amplitude against normal ranges; memoised, as the report page re-renders while the replay plays. */
export const JointAmplitudeChart = memo(JointAmplitudeChartImpl);
