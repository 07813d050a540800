import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReviewAgreementCardView, type ReviewScope } from "@/components/models/review-agreement-card";
import type { GmaClassification, RiskLevel } from "@/gql/graphql";
import { ApiError } from "@/lib/api-error";
import type { ReviewAgreementCount } from "@/lib/review-agreement-summary";
import { enoughReviews, reviewCell } from "../support/review-agreement-cells";

const VERSION = "gma-movement-autoencoder@3aedba814742+19766465";

const render = (cells: ReviewAgreementCount[] | undefined, scope: ReviewScope = "served", error?: unknown) =>
  renderToStaticMarkup(createElement(ReviewAgreementCardView, { servedVersion: VERSION, scope, onScopeChange: () => {}, cells, error, retry: () => {} }));

const cell = (classification: GmaClassification, modelRiskLevel: RiskLevel, count: number) => reviewCell(classification, modelRiskLevel, count, VERSION);

/** An element's text, tags dropped and the few entities React writes decoded. */
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
/** The text of the element with this data-testid (its first closing tag of the same name ends it). */
const byTestId = (html: string, id: string) => {
  const m = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>(.*?)</\\1>`).exec(html);
  return m ? text(m[2]!) : undefined;
};
/** The contingency table's rows, each as its cells' text (row headers without their note). */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => text(c[1]!.replace(/<span class="note">.*?<\/span>/, ""))));

/** 25 abnormal reviews (19 rated medium or high), 24 normal (21 rated low), 6 not assessable. */
const ENOUGH = enoughReviews(VERSION);

describe("the card of agreement with clinicians' reviews", () => {
  it("says plainly that its counts are this installation's reviews of real recordings, not synthetic figures, and of which model version", () => {
    const served = render([]);
    expect(served).toContain("Agreement with clinicians&#x27; reviews (real recordings)");
    const provenance = byTestId(served, "review-agreement-provenance")!;
    expect(provenance).toMatch(/^Not synthetic figures: /);
    expect(provenance).toContain("real recordings analysed on this installation");
    expect(provenance).toContain("The review counts are this installation's own");
    expect(provenance).toContain(`served model version ${VERSION}`);
    expect(byTestId(render([], "all"), "review-agreement-provenance")).toContain("every model version");
    expect(served).not.toContain("SYNTHETIC");
  });

  it("lets the user choose the served model version or all versions with a labelled select showing the choice", () => {
    expect(render([])).toMatch(/<select aria-label="Reviews of analyses by"[^>]*><option value="served" selected="">the served model version<\/option><option value="all">all model versions<\/option>/);
    expect(render([], "all")).toContain('<option value="all" selected="">');
  });

  it("shows a placeholder, neither figures nor the empty state, until the counts arrive", () => {
    const html = render(undefined);
    expect(html).toContain('class="skeleton"');
    expect(html).not.toContain('data-testid="empty-state"');
    expect(html).not.toContain('data-testid="review-agreement"');
  });

  it("shows the API's error with a way to try again instead of the figures", () => {
    const html = render(undefined, "served", new ApiError("The API could not count the reviews.", "INTERNAL_SERVER_ERROR"));
    expect(html).toContain('data-testid="error-state"');
    expect(html).toContain("The API could not count the reviews.");
    expect(html).toContain("Try again");
    expect(html).not.toContain('class="skeleton"');
  });

  it("says where clinicians record reviews when there are none, and where earlier versions' reviews are", () => {
    const html = render([]);
    expect(html).toContain('data-testid="empty-state"');
    expect(html).not.toContain('data-testid="review-agreement"');
    expect(text(html)).toContain("Clinicians record a review on a finished analysis's page");
    expect(text(html)).toContain("earlier model versions are under “all model versions”");
    const all = render([], "all");
    expect(text(all)).toContain("No clinicians' reviews yet");
    expect(text(all)).not.toContain("earlier model versions");
  });

  it("cautions that a few reviews are too few to judge the model by, beside the figures they give", () => {
    const html = render([cell("CHAOTIC", "HIGH", 3), cell("CHAOTIC", "LOW", 1), cell("NORMAL_FIDGETY", "LOW", 2)]);
    expect(html).not.toContain('data-testid="empty-state"');
    expect(byTestId(html, "review-agreement-caution")).toBe(
      "Too few reviews to judge the model by. Fewer than 20 reviews classed abnormal and fewer than 20 classed normal: a rate from so few recordings can be far from the model's real one, as the width of its 95 % interval shows.",
    );
    expect(html).toMatch(/data-testid="review-agreement-sensitivity">75\.0 % <span class="badge warn">too few reviews<\/span>/);
    expect(text(html)).toContain("Of 4 recordings clinicians classed abnormal (PR, CS, Ch, AF, F-), the model rated 3 (75.0 %) medium or high. 95 % interval");
  });

  it("names only the group that has too few reviews", () => {
    const html = render([cell("NORMAL_WRITHING", "LOW", 20), cell("ABSENT_FIDGETY", "HIGH", 5)]);
    expect(byTestId(html, "review-agreement-caution")).toMatch(/^Too few reviews to judge the model by\. Fewer than 20 reviews classed abnormal: /);
  });

  it("with enough reviews gives both figures with their intervals, the table per class and the chart, without the caution", () => {
    const html = render(ENOUGH);
    expect(html).not.toContain('data-testid="review-agreement-caution"');
    expect(html).not.toContain("too few reviews");
    expect(text(html)).toContain("Of 25 recordings clinicians classed abnormal (PR, CS, Ch, AF, F-), the model rated 19 (76.0 %) medium or high. 95 % interval 56.6–88.5 %.");
    expect(text(html)).toContain("Of 24 recordings clinicians classed normal (N, F+), the model rated 21 (87.5 %) low. 95 % interval");
    expect(byTestId(html, "review-agreement-counted-apart")).toMatch(/^55 reviews in all, 6 of them of recordings not assessable \(counted apart, in neither figure\)\./);
    expect(tableRows(html)).toEqual([
      ["clinician's class", "model's risk level", "total"],
      ["low", "medium", "high"],
      ["N (Normal writhing movements)", "12", "2", "0", "14"],
      ["PR (Poor repertoire)", "3", "5", "0", "8"],
      ["CS (Cramped-synchronised)", "0", "0", "4", "4"],
      ["Ch (Chaotic)", "1", "0", "2", "3"],
      ["F+ (Normal fidgety movements)", "9", "0", "1", "10"],
      ["AF (Abnormal fidgety movements)", "0", "3", "0", "3"],
      ["F- (Fidgety movements absent)", "2", "0", "5", "7"],
      ["Not assessable", "2", "0", "4", "6"],
      ["all classes", "29", "10", "16", "55"],
    ]);
    // Each row says which figure its reviews count towards.
    expect([...html.matchAll(/<span class="note">(.*?)<\/span>/g)].map((m) => m[1])).toEqual(["normal", "abnormal", "abnormal", "abnormal", "normal", "abnormal", "abnormal", "counted apart"]);
    expect(html).toContain('data-testid="review-agreement-chart"');
  });
});
