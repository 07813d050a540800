"use client";

import { useId, type ComponentType } from "react";
import { pattern, patterns, type RechartsFill, type RechartsFillDefinitionProps } from "recharts";

// Series that share a chart must not be told apart by hue alone (WCAG 1.4.1): a reader who does
// not see red from green still needs to know which bar or line is which. Each series of a chart
// therefore also gets its own mark by its place in the chart: bars a texture, lines a dash.
// The first series stays plain.

/** Textures of bars, by the series' place in its chart (recharts draws them in the legend too). */
const TEXTURES: readonly (ComponentType<RechartsFillDefinitionProps> | undefined)[] = [
  undefined,
  pattern(patterns.diagonal),
  pattern(patterns.dots),
  pattern(patterns.crosshatch),
];

/** Dashes of lines, by the series' place in its chart; long enough to see in a legend's icon. */
const DASHES: readonly (string | undefined)[] = [undefined, "8 4", "2 3", "10 3 2 3"];

/** A line's dots drawn whole: recharts draws them with the line's dashes otherwise. */
export const SOLID_DOT = { strokeDasharray: "none" } as const;

/** What a bar of the `index`th series of its chart is filled with: `color`, textured from the second series on. */
export function seriesFill(color: string, index: number): string | RechartsFill {
  const texture = TEXTURES[index % TEXTURES.length];
  return texture ? { color, definition: texture } : color;
}

/** The dash pattern (`strokeDasharray`) of the `index`th line of a chart: solid for the first. */
export function seriesDash(index: number): string | undefined {
  return DASHES[index % DASHES.length];
}

/**
 * A legend swatch drawn by hand (for bars coloured per category, whose legend recharts cannot
 * draw): the colour with the texture {@link seriesFill} gives the `index`th series.
 */
export function SeriesSwatch({ color, index }: { color: string; index: number }) {
  // useId's characters are not all valid in url(#...).
  const id = `swatch${useId().replace(/[^\w-]/g, "")}`;
  const Texture = TEXTURES[index % TEXTURES.length];
  return (
    <svg className="swatch" width={10} height={10} viewBox="0 0 10 10" aria-hidden="true">
      {Texture && (
        <defs>
          <Texture id={id} color={color} bounds={{ width: 10, height: 10 }} />
        </defs>
      )}
      <rect width={10} height={10} rx={2} fill={Texture ? `url(#${id})` : color} />
    </svg>
  );
}
