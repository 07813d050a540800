import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio } from "../support/contrast-ratio";
import { CHART_BACKGROUND, CHART_PALETTE, CHART_TEXT, paletteEntries, REPLAY_BACKGROUND, REPLAY_PALETTE } from "@/lib/chart-palette";

const SRC = path.resolve(import.meta.dirname, "..", "..", "src");

/** The entries of `colors` below `minimum` against `background`, with their ratio. */
function below(colors: { name: string; color: string }[], background: string, minimum: number): string[] {
  return colors.filter((c) => contrastRatio(c.color, background) < minimum).map((c) => `${c.name} ${c.color}: ${contrastRatio(c.color, background).toFixed(2)}:1`);
}

/** The .tsx files under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".tsx") ? [full] : [];
  });
}

/** A colour written out in a fill, stroke or color: a prop, or a key of an object. */
const WRITTEN_COLOR = /\b(?:fill|stroke|color|background)\s*[=:]\s*\{?\s*"#[0-9a-fA-F]{3,8}"/g;

describe("the charts' colours", () => {
  it("computes WCAG contrast ratios as the standard's examples give them", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#fff", "#ffffff")).toBe(1);
    // The lightest grey that passes AA for text on white.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("are drawn on the background the cards have", () => {
    const css = readFileSync(path.join(SRC, "app", "globals.css"), "utf8");
    expect(css).toMatch(/\.card \{[^}]*background: var\(--panel\)/);
    const panel = /--panel:\s*(#[0-9a-fA-F]{3,6})\b/.exec(css)?.[1];
    expect(panel && contrastRatio(panel, CHART_BACKGROUND)).toBe(1);
  });

  it("every series, bar, line and threshold colour keeps 3:1 against the card's background (WCAG 2.1 SC 1.4.11)", () => {
    const entries = paletteEntries();
    // Every group of the palette is read, arrays included (a colour the walk missed would go unchecked).
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(["status.queued", "series[7]", "latency.p50", "normalRange.outline", "timeline.threshold"]));
    expect(entries).toHaveLength(Object.values(CHART_PALETTE).reduce((n, group) => n + Object.keys(group).length, 0));
    expect(below(entries, CHART_BACKGROUND, 3)).toEqual([]);
  });

  it("the text drawn in charts keeps 4.5:1, as text", () => {
    expect(below(paletteEntries(CHART_TEXT), CHART_BACKGROUND, 4.5)).toEqual([]);
  });

  it("the skeleton replay's sides keep 4.5:1 against the canvas they are drawn on, as the L and R beside the hands and feet are text", () => {
    const css = readFileSync(path.join(SRC, "app", "globals.css"), "utf8");
    const canvas = /\.player canvas \{[^}]*background:\s*(#[0-9a-fA-F]{3,6})\b/.exec(css)?.[1];
    expect(canvas && contrastRatio(canvas, REPLAY_BACKGROUND)).toBe(1);
    expect(paletteEntries(REPLAY_PALETTE).map((e) => e.name)).toEqual(["left", "right", "centre"]);
    expect(below(paletteEntries(REPLAY_PALETTE), REPLAY_BACKGROUND, 4.5)).toEqual([]);
  });

  it("come from the palette: no chart draws with a colour written in its own code", () => {
    // The scan finds one where it is (else it would pass on a pattern that never matches).
    expect('<Bar fill="#9ca3af" />'.match(WRITTEN_COLOR)).not.toBeNull();
    const strays: string[] = [];
    for (const file of sourceFiles(path.join(SRC, "components"))) {
      const source = readFileSync(file, "utf8");
      if (!source.includes('from "recharts"')) continue;
      for (const match of source.matchAll(WRITTEN_COLOR)) strays.push(`${path.relative(SRC, file)}: ${match[0]}`);
    }
    expect(strays).toEqual([]);
  });
});
