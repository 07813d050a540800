"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Series } from "./time-series-chart";

/** Bars per category (`name`), each stacked from the values of `series`. */
export function StackedBarChart({
  data,
  series,
  formatName = (name) => name,
  height = 240,
  testId = "chart",
}: {
  data: ({ name: string } & Record<string, number | string>)[];
  series: Series[];
  /** Label of a category on the axis (the tooltip shows the whole name). */
  formatName?: (name: string) => string;
  height?: number;
  testId?: string;
}) {
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="name" tickFormatter={(name: string) => formatName(name)} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
