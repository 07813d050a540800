"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { describeBars } from "@/lib/chart-summary";
import { axisTitle, TITLED_X_AXIS_HEIGHT } from "./axis-title";
import { CHART_GRID } from "@/lib/chart-palette";
import { chartImage } from "./chart-image";

/** Vertical bars, one per category, each with its own colour; the axes' titles say what they are (a count's "count" included). */
export function CategoryBarChart({
  data,
  xTitle,
  yTitle,
  height = 240,
}: {
  data: { name: string; value: number; color: string }[];
  xTitle: string;
  yTitle: string;
  height?: number;
}) {
  return (
    <div className="chart" style={{ height }} data-testid="chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart {...chartImage(describeBars({ what: yTitle, by: xTitle, data, series: [{ key: "value", label: yTitle }] }))} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          {/* Every category named (interval 0): recharts would otherwise drop one that crowds its neighbours. */}
          <XAxis dataKey="name" interval={0} fontSize={11} height={TITLED_X_AXIS_HEIGHT} label={axisTitle(xTitle, "x")} />
          <YAxis allowDecimals={false} fontSize={11} width="auto" label={axisTitle(yTitle, "y")} />
          <Tooltip />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
