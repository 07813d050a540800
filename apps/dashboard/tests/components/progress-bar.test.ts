import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProgressBar } from "@/components/ui/progress-bar";

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
});
