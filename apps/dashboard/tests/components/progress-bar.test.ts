import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProgressBar } from "@/components/ui/progress-bar";
import { contrastRatio } from "../support/contrast-ratio";

const CSS = readFileSync(path.resolve(import.meta.dirname, "..", "..", "src", "app", "globals.css"), "utf8");

/** The colour of `property` in the rule for exactly `selector` in globals.css, var(--x) resolved. */
function cssColour(selector: string, property: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const value = new RegExp(`(?:^|\\n)${escaped} \\{[^}]*\\b${property}:\\s*([^;}]+)`).exec(CSS)?.[1]?.trim();
  const variable = value && /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  const colour = variable ? new RegExp(`${variable}:\\s*([^;]+);`).exec(CSS)?.[1]?.trim() : value;
  if (!colour?.startsWith("#")) throw new Error(`no colour for ${selector} ${property} in globals.css (found ${value})`);
  return colour;
}

describe("the progress bar", () => {
  it("fills to its value, clamped to 0-100, for assistive technology too", () => {
    const html = renderToStaticMarkup(createElement(ProgressBar, { value: 130, label: "analysis progress" }));
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain("width:100%");
    expect(html).toContain('class="progress"');
  });

  it("greys out and says where it stopped for work that ended early", () => {
    const html = renderToStaticMarkup(createElement(ProgressBar, { value: 30, stopped: true }));
    expect(html).toContain('class="progress stopped"');
    expect(html).toContain('aria-valuetext="stopped at 30 %"');
  });

  it("keeps its fill at 3:1 against its track, stopped or not (WCAG 2.1 SC 1.4.11, non-text contrast)", () => {
    const track = cssColour(".progress", "background");
    expect(track).toBe("#e5e7eb");
    expect(contrastRatio(cssColour(".progress > div", "background"), track)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(cssColour(".progress.stopped > div", "background"), track)).toBeGreaterThanOrEqual(3);
  });
});
