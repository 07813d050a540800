"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SidewaysScroll } from "@/components/ui";
import { CHART_GRID, CHART_TEXT, LEGEND_LABEL } from "@/lib/chart-palette";
import { describeBars } from "@/lib/chart-summary";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "./axis-title";
import { chartImage } from "./chart-image";
import { seriesFill } from "./series-marks";
import type { Series } from "./time-series-chart";

/** Bars per category (`name`), each stacked from the values of `series`. */
export function StackedBarChart({
  data,
  series,
  xTitle,
  yTitle,
  formatName = (name) => name,
  subLabel,
  height = 240,
  testId = "chart",
}: {
  data: ({ name: string } & Record<string, number | string>)[];
  series: Series[];
  /** What the categories are (the x axis's title). */
  xTitle: string;
  /** What the bars add up to, with the unit or "count" (the y axis's title). */
  yTitle: string;
  /** Label of a category on the axis (the tooltip shows the whole name). */
  formatName?: (name: string) => string;
  /** A second, muted line under a category's axis label (e.g. what it is expected to show). */
  subLabel?: (name: string) => string | undefined;
  height?: number;
  testId?: string;
}) {
  // Two-line category labels are all drawn (interval 0): below ~130 px a category they overlap, so
  // the chart keeps that width and scrolls sideways on a phone instead. Its x axis's title and its
  // legend are then drawn under the part that scrolls, in view without scrolling it.
  const wide = subLabel !== undefined;
  const [legend, setLegend] = useState<HTMLDivElement | null>(null);
  const chart = (
    <div className="chart" style={{ height, minWidth: wide ? data.length * 130 : undefined }} data-testid={wide ? undefined : testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart {...chartImage(describeBars({ what: yTitle, by: xTitle, data, series, formatName: (name) => withSubLabel(name, formatName, subLabel) }))} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          {subLabel ? (
            <XAxis
              dataKey="name"
              interval={0}
              height={40}
              tick={(props: AxisTickProps) => <TwoLineTick {...props} formatName={formatName} subLabel={subLabel} />}
            />
          ) : (
            <XAxis dataKey="name" tickFormatter={(name: string) => formatName(name)} fontSize={11} height={TITLED_X_AXIS_HEIGHT} label={axisTitle(xTitle, "x")} />
          )}
          <YAxis allowDecimals={false} fontSize={11} width="auto" label={axisTitle(yTitle, "y")} />
          <Tooltip />
          {/* In the order of `series` (recharts sorts by label otherwise: "high, low, medium"). */}
          {(!wide || legend) && <Legend portal={legend ?? undefined} labelStyle={LEGEND_LABEL} itemSorter={(item) => series.findIndex((s) => s.key === item.dataKey)} />}
          {/* Each series its own texture as well as its colour; the legend shows both. */}
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={seriesFill(s.color, i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
  if (!wide) return chart;
  return (
    <div data-testid={testId}>
      <SidewaysScroll label={`chart of ${yTitle} by ${xTitle}`}>{chart}</SidewaysScroll>
      <div className="axis-title">{xTitle}</div>
      <div ref={setLegend} />
    </div>
  );
}

/** A category's name as the summary gives it: its axis label and, in brackets, its second line. */
function withSubLabel(name: string, formatName: (name: string) => string, subLabel: ((name: string) => string | undefined) | undefined): string {
  const sub = subLabel?.(name);
  return sub ? `${formatName(name)} (${sub})` : formatName(name);
}

/** What recharts hands a custom axis tick. */
interface AxisTickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/** An axis label with a muted second line. */
function TwoLineTick({ x, y, payload, formatName, subLabel }: AxisTickProps & { formatName: (name: string) => string; subLabel: (name: string) => string | undefined }) {
  const name = String(payload?.value ?? "");
  const sub = subLabel(name);
  return (
    <text x={Number(x)} y={Number(y)} textAnchor="middle" fontSize={11} fill={CHART_TEXT.muted}>
      <tspan x={Number(x)} dy="0.9em" fill={CHART_TEXT.label}>
        {formatName(name)}
      </tspan>
      {sub && (
        <tspan x={Number(x)} dy="1.3em">
          {sub}
        </tspan>
      )}
    </text>
  );
}
