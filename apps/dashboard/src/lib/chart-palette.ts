/**
 * The background every chart is drawn on: the cards' white (`--panel` in globals.css).
 */
export const CHART_BACKGROUND = "#ffffff";

/**
 * Every colour the charts draw their data with: series, bars, lines, threshold and reference
 * marks. Each keeps 3:1 or more against {@link CHART_BACKGROUND}, as WCAG 2.1 SC 1.4.11 (non-text
 * contrast) asks of the graphics needed to read a chart (tests/lib/chart-palette.test.ts checks
 * every entry). Series that share a chart are told apart by more than their hue: lines by their
 * dashes and bars by their textures (`components/charts/series-marks.ts`), categories by their
 * axis labels.
 */
export const CHART_PALETTE = {
  /** One colour per series where series are open-ended (one line per process), cycled in order. */
  series: ["#2457c5", "#1e8e4e", "#c0392b", "#7c3aed", "#b7791f", "#0891b2", "#db2777", "#4b5563"],
  /** Analyses by status. Queued is a grey dark enough to see (the lighter #9ca3af was 2.5:1). */
  status: { queued: "#6b7280", running: "#2457c5", succeeded: "#1e8e4e", failed: "#c0392b", cancelled: "#b7791f" },
  /** A report's risk level. */
  risk: { low: "#1e8e4e", medium: "#b7791f", high: "#c0392b" },
  /** A joint's amplitude against its normal range. */
  amplitude: { reduced: "#b7791f", normal: "#1e8e4e", increased: "#c0392b" },
  /**
   * The normal range a joint's amplitude is drawn beside: an outlined bar (hollow, so that it
   * reads apart from the filled amplitude bars) and its ±2 SD whisker.
   */
  normalRange: { outline: "#64748b", whisker: "#475569" },
  /**
   * Latency percentiles, drawn side by side: one blue from light to dark, so that they read in
   * order by lightness as well as by position.
   */
  latency: { p50: "#6a8fd8", p95: "#2457c5", p99: "#1e293b" },
  /** The analysis queue over time. */
  queue: { depth: "#2457c5", workers: "#1e8e4e" },
  /** A process's memory over time. */
  memory: { rss: "#7c3aed", heap: "#db2777", external: "#0891b2" },
  /** A patient's analyses over their age. */
  trend: { anomalyRate: "#c0392b", meanError: "#2457c5" },
  /**
   * The report's timeline: the windows' score, the model's threshold (also dashed and labelled)
   * and the replay's cursor. The shading of windows above the threshold is this red made faint:
   * it repeats what the line against the threshold shows, so it is not held to 3:1.
   */
  timeline: { score: "#2457c5", threshold: "#c0392b", cursor: "#111827" },
} as const;

/** The colour of the `index`th of open-ended series (one line per process), cycling through {@link CHART_PALETTE}'s `series`. */
export function seriesColor(index: number): string {
  return CHART_PALETTE.series[index % CHART_PALETTE.series.length]!;
}

/**
 * The skeleton replay's canvas: dark, unlike the cards (`.player canvas` in globals.css draws it;
 * tests/lib/chart-palette.test.ts checks the two agree).
 */
export const REPLAY_BACKGROUND = "#0f172a";

/**
 * The skeleton replay's bones and joints by the side of the infant they are on. Each keeps 3:1 or
 * more against {@link REPLAY_BACKGROUND} (and 4.5:1, since the "L" and "R" beside the hands and
 * feet are drawn in them as text). Left and right differ by more than this hue (WCAG 2.1 SC
 * 1.4.1): by their dashes, joint shapes and labels (`lib/skeleton-style.ts`).
 */
export const REPLAY_PALETTE = { left: "#60a5fa", right: "#f472b6", centre: "#cbd5e1" } as const;

/** Text drawn in a chart (axis titles, category labels): 4.5:1 or more, as text. */
export const CHART_TEXT = { label: "#16191f", muted: "#5d6673" } as const;

/**
 * The style of a recharts legend's labels: text in the text colour, not in its series' colour
 * (recharts' default), which is held to 3:1 as a graphic but would need 4.5:1 as text; the icon
 * beside it shows the series' colour.
 */
export const LEGEND_LABEL = { color: CHART_TEXT.muted } as const;

/**
 * The grid behind a chart's data. Faint on purpose, and not held to 3:1: the axes' ticks and
 * labels carry the scale, the grid only eases reading across.
 */
export const CHART_GRID = "#e5e7eb";

/** Every colour of {@link CHART_PALETTE} with where it is in it (`status.queued`, `series[3]`). */
export function paletteEntries(palette: object = CHART_PALETTE, path = ""): { name: string; color: string }[] {
  return Object.entries(palette).flatMap(([key, value]: [string, unknown]) => {
    const name = Array.isArray(palette) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (typeof value === "string") return [{ name, color: value }];
    return typeof value === "object" && value !== null ? paletteEntries(value, name) : [];
  });
}
