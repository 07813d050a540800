import type { LabelProps } from "recharts";
import { CHART_TEXT } from "@/lib/chart-palette";

/**
 * Room an axis needs for its title beside or below its ticks, in pixels. Y axes with a title
 * take `width="auto"` instead, which recharts measures from the ticks and the title together.
 */
export const AXIS_TITLE_SPACE = 16;

/** Height of an x axis with one row of ticks (recharts' default 30 px) and a title under them. */
export const TITLED_X_AXIS_HEIGHT = 30 + AXIS_TITLE_SPACE;

/**
 * The title of a chart axis (what it measures, with its unit or "count"), as recharts' `label`
 * takes it: small and muted, centred along the axis, outside the ticks. `y-right` is a second y
 * axis on the right.
 */
export function axisTitle(value: string, axis: "x" | "y" | "y-right"): LabelProps {
  const text = { value, fontSize: 11, fill: CHART_TEXT.muted };
  // Lifted off the axis's bottom edge, where the svg would clip its descenders.
  if (axis === "x") return { ...text, position: "insideBottom", offset: 4 };
  // insideLeft/insideRight put the title at the axis's outer edge, the ticks at its inner one.
  return { ...text, angle: axis === "y" ? -90 : 90, position: axis === "y" ? "insideLeft" : "insideRight", style: { textAnchor: "middle" } };
}
