import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { finishedSyntheticAnalysis, signIn } from "./helpers";

/** Where the printouts are kept for a look (git-ignored, beside the screenshots). */
const PRINTOUTS = path.join(import.meta.dirname, "..", "screenshots");

// What a clinician files in a patient's record: the report on paper. Checked in Chromium's
// print media (what window.print() and page.pdf() lay out), on a real analysis of a SYNTHETIC
// recording (an infant simulated with one-sided reduced movement, so that signs and asymmetry
// fill the report) run by the platform's worker.

/** An A4 page's printable width at 96 px per inch: 210 mm less the report's 14 mm margins. */
const A4_PRINTABLE = Math.floor(((210 - 2 * 14) / 25.4) * 96);

/** Elements in print media that reach past `width` px, as "tag.class (right edge)". */
async function widerThan(page: Page, width: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const wide: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > limit + 0.5) wide.push(`${element.tagName.toLowerCase()}.${element.getAttribute("class") ?? ""} (${Math.round(box.right)})`);
    }
    if (document.documentElement.scrollWidth > limit) wide.push(`document (${document.documentElement.scrollWidth})`);
    return wide;
  }, width);
}

/** The computed `break-inside` (or another property) of every element `selector` matches. */
function computed(page: Page, selector: string, property: "breakInside" | "breakAfter"): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements, p) => elements.map((element) => getComputedStyle(element)[p]), property);
}

/** Pages of a PDF, as its page tree counts them. */
function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

test("the analysis page prints the report alone, full width, with its charts and tables whole", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const { id, fingerprint, clinician } = await finishedSyntheticAnalysis(baseURL!);
  // A wide screen: the charts are drawn wider than a page and must shrink onto it.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, clinician.email, clinician.password);
  await page.goto(`/analyses/${id}`);
  await expect(page.getByTestId("error-timeline").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByTestId("skeleton-canvas")).toHaveAttribute("data-state", "ready", { timeout: 15_000 });

  // Beside the downloads, a Print button opens the browser's print dialog.
  const print = page.getByRole("button", { name: "Print" });
  await expect(print).toBeVisible();
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute("data-printed", "yes");
  });
  await print.click();
  await expect(page.locator("body")).toHaveAttribute("data-printed", "yes");
  await expect(page.getByTestId("print-identity")).toBeHidden();

  // Printed as the browser prints it: laid out for the page, the charts as the screen drew them.
  const pdf = await page.pdf({ format: "A4", path: path.join(PRINTOUTS, "analysis-print.pdf") });
  expect(pageCount(pdf)).toBeGreaterThanOrEqual(2);
  expect(pageCount(pdf)).toBeLessThanOrEqual(4);

  // In print media (the screen's width, as set; the scripts still run)...
  await page.emulateMedia({ media: "print" });
  // The app around the report stays off the paper: navigation, buttons, download links, the
  // live progress and the skeleton replay.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByTestId("viewer-name")).toBeHidden();
  await expect(page.locator("button:visible, .btn:visible, form:visible, input:visible, select:visible")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Download JSON" })).toBeHidden();
  await expect(page.getByTestId("skeleton-player")).toBeHidden();
  await expect(page.getByTestId("progress-value")).toBeHidden();
  // What identifies the printout, the disclaimer and every section of the report are there.
  await expect(page.getByTestId("print-identity")).toBeVisible();
  await expect(page.getByTestId("print-identity")).toContainText(`Analysis ${id} · recording ${fingerprint}`);
  await expect(page.getByTestId("print-identity")).toContainText("A screening aid, not a diagnosis.");
  await expect(page.getByTestId("synthetic-model-notice")).toBeVisible();
  for (const name of ["Analysis of", "Assessment", "Anomaly score timeline", "Joint amplitude against normal ranges", "Asymmetry", "Quality"])
    await expect(page.getByRole("heading", { name }).first()).toBeVisible();
  await expect(page.getByTestId("assessment-summary")).toBeVisible();
  // Paper has room for every column, though the page is narrower than the phone layout's breakpoint.
  await expect(page.getByTestId("asymmetry").getByRole("columnheader", { name: "z", exact: true })).toBeVisible();

  // Both charts print, each within its card on the page however wide the screen drew it: the
  // page's width is set and measured in one go, before the charts' scripts could redraw them.
  for (const chart of ["error-timeline", "joint-amplitudes"]) {
    const svg = page.getByTestId(chart).locator("svg.recharts-surface");
    await expect(svg).toBeVisible();
    const widths = await svg.evaluate((element, pageWidth) => {
      const main = document.querySelector<HTMLElement>("main")!;
      const card = element.closest(".card")!;
      const drawn = element.getBoundingClientRect().width;
      main.style.width = `${pageWidth}px`;
      const style = getComputedStyle(card);
      const printed = { drawn, svg: element.getBoundingClientRect().width, card: card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
      main.style.width = "";
      return printed;
    }, A4_PRINTABLE);
    expect(widths.drawn, chart).toBeGreaterThan(A4_PRINTABLE);
    expect(widths.svg, chart).toBeGreaterThan(0);
    expect(widths.svg, chart).toBeLessThanOrEqual(widths.card + 0.5);
  }
  // No chart, table or card is split by a page break; headings stay with what follows.
  for (const selector of [".card", ".chart", "table"]) expect(new Set(await computed(page, `main ${selector}`, "breakInside")), selector).toEqual(new Set(["avoid"]));
  expect(new Set(await computed(page, "main h2", "breakAfter"))).toEqual(new Set(["avoid"]));

  // On an A4 page's printable width nothing sticks out.
  await page.setViewportSize({ width: A4_PRINTABLE, height: 1000 });
  await expect(page.getByTestId("joint-amplitudes").locator("svg.recharts-surface")).toBeVisible();
  expect(await widerThan(page, A4_PRINTABLE)).toEqual([]);
});

test("the HTML report prints with what identifies it on every page and its charts and tables whole", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const { id, fingerprint, clinician } = await finishedSyntheticAnalysis(baseURL!);
  await signIn(page, clinician.email, clinician.password);
  // The file the dashboard serves (and `gma analyze --out report.html` writes).
  const response = await page.request.get(`/analyses/${id}/report.html`);
  expect(response.status()).toBe(200);
  const html = await response.text();

  await page.setViewportSize({ width: A4_PRINTABLE, height: 1000 });
  await page.goto("about:blank");
  await page.setContent(html);
  const footer = page.locator("[data-running-footer]");
  // On screen the top of the page identifies it; the footer is for paper.
  await expect(footer).toBeHidden();

  await page.emulateMedia({ media: "print" });
  // A fixed element, which print repeats on every page.
  await expect(footer).toBeVisible();
  expect(await footer.evaluate((element) => getComputedStyle(element).position)).toBe("fixed");
  await expect(footer).toContainText(`analysis ${id} · recording ${fingerprint}`);
  await expect(footer).toContainText(/generated \d{4}-\d\d-\d\d \d\d:\d\d UTC · model \S+@\S+ · A screening aid, not a diagnosis\./);
  await expect(footer).toContainText("SYNTHETIC model: not for clinical decisions.");
  for (const name of ["Assessment", "Recommendations", "Signs", "Window anomaly score over time", "Movement per joint", "Left/right asymmetry", "Infant and recording"])
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.locator("svg.timeline")).toBeVisible();
  await expect(page.locator("svg.joint-bars")).toBeVisible();
  // Black on white, the risk level readable without the background colour printers drop.
  expect(await page.locator("body").evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor])).toEqual(["rgb(0, 0, 0)", "rgb(255, 255, 255)"]);
  expect(await page.locator(".badge").evaluate((element) => getComputedStyle(element).color)).toBe("rgb(0, 0, 0)");
  // Each chart and table with its heading and caption on one page.
  expect(await computed(page, "section.figure", "breakInside")).toEqual(["avoid", "avoid", "avoid", "avoid"]);
  await expect(page.locator("section.figure").filter({ has: page.locator("svg.timeline") })).toHaveCount(1);
  await expect(page.locator("section.figure").filter({ has: page.locator("svg.joint-bars") })).toHaveCount(1);
  expect(new Set(await computed(page, "svg, table", "breakInside"))).toEqual(new Set(["avoid"]));
  expect(new Set(await computed(page, "h2", "breakAfter"))).toEqual(new Set(["avoid"]));
  expect(await widerThan(page, A4_PRINTABLE)).toEqual([]);

  // Printed, it takes a few pages on A4 and on Letter alike.
  for (const format of ["A4", "Letter"] as const) {
    const pages = pageCount(await page.pdf({ format, path: path.join(PRINTOUTS, `report-print-${format}.pdf`) }));
    expect(pages, format).toBeGreaterThanOrEqual(2);
    expect(pages, format).toBeLessThanOrEqual(4);
  }
});
