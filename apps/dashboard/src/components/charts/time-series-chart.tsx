"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { describeLines } from "@/lib/chart-summary";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "./axis-title";
import { CHART_GRID, LEGEND_LABEL } from "@/lib/chart-palette";
import { chartImage } from "./chart-image";
import { seriesDash, SOLID_DOT } from "./series-marks";

/** One line of a {@link TimeSeriesChart}. */
export interface Series {
  key: string;
  label: string;
  color: string;
}

/** Lines over time; `t` of each point is epoch milliseconds. */
export function TimeSeriesChart({
  data,
  series,
  yTitle,
  xTitle = "time",
  integers = false,
  format = (v) => String(v),
  height = 240,
}: {
  data: ({ t: number } & Record<string, number | null>)[];
  series: Series[];
  /** What the values are, with their unit or "count" (the y axis's title). */
  yTitle: string;
  /** The x axis's title. */
  xTitle?: string;
  /** Whole numbers only (counts): no ticks at 0.25. */
  integers?: boolean;
  format?: (value: number) => string;
  height?: number;
}) {
  return (
    <div className="chart" style={{ height }} data-testid="chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart {...chartImage(describeLines({ what: yTitle, over: xTitle, data, series, format }))} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            scale="time"
            tickFormatter={(t: number) => new Date(t).toLocaleTimeString()}
            fontSize={11}
            height={TITLED_X_AXIS_HEIGHT}
            label={axisTitle(xTitle, "x")}
          />
          <YAxis allowDecimals={!integers} tickFormatter={(v: number) => format(v)} fontSize={11} width="auto" label={axisTitle(yTitle, "y")} />
          <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => format(Number(v))} />
          <Legend labelStyle={LEGEND_LABEL} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              // Each line its own dash as well as its colour, the legend showing both (plainline).
              strokeDasharray={seriesDash(i)}
              legendType="plainline"
              // Rows pivoted per process hold one process each (each snapshots at its own time), so
              // a line must bridge the others' rows; and a series of one point is only visible as a dot.
              connectNulls
              dot={pointCount(data, s.key) < 2 ? { ...SOLID_DOT, r: 3 } : false}
              isAnimationActive={false}
              strokeWidth={2}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** How many points of `data` have a value for `key`. */
export function pointCount(data: readonly Record<string, number | null>[], key: string): number {
  let n = 0;
  for (const row of data) if (typeof row[key] === "number") n++;
  return n;
}
