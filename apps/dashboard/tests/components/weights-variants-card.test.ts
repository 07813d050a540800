import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WeightsVariantsCard } from "@/components/models/weights-variants-card";
import type { WeightsVariant } from "@/lib/model-evaluation";
import { weightsVariants } from "../support/weights-variants";

const REASON = "fp16-weights: within 0.005 of float32 and outputs independent of the batch; int8-dynamic not served";

const render = (variants: WeightsVariant[] | null, synthetic = true, servedReason: string | null = REASON) =>
  renderToStaticMarkup(createElement(WeightsVariantsCard, { variants, servedReason, synthetic }));

/** The table's rows, each as its cells' text. */
const rowsOf = (html: string) => [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, "")));

describe("the weights files card", () => {
  it("shows one row per weights file with the served one badged, then why it is served and where the speeds come from", () => {
    const html = render(weightsVariants());
    expect(html).toContain('data-testid="weights-variants"');
    expect(html).not.toContain('data-testid="empty-state"');
    const rows = rowsOf(html);
    expect(rows[0]).toEqual(["variant", "file", "KiB", "w/s ×1", "w/s ×64", "AUROC Δ", "specificity", "flags ≠ fp32", "alone vs batch", "served file"]);
    // The short headers are spelled out under the table.
    for (const term of ["w/s: windows per second", "AUROC Δ: the largest per-class AUROC difference", "Flags ≠ fp32: test windows", "Alone vs batch: the largest change"]) expect(html).toContain(term);
    expect(rows.slice(1).map((r) => [r[1], r[8], r[9]])).toEqual([
      ["autoencoder.onnx", "0", ""],
      ["autoencoder.fp16.onnx", "0", "served"],
      ["autoencoder.int8.onnx", "1.1e-2", ""],
    ]);
    expect(html).toContain('<span class="badge ok">served</span>');
    // The file name wraps at its dots, never mid-word.
    expect(html).toContain('<code class="identifier">autoencoder<wbr/>.fp16<wbr/>.onnx</code>');
    expect(html).toContain(REASON);
    expect(html).toMatch(/Speeds depend on the machine: they were measured during training/);
  });

  it("labels the figures SYNTHETIC only when the card's data is synthetic", () => {
    expect(render(weightsVariants(), true)).toContain("SYNTHETIC data");
    expect(render(weightsVariants(), false)).not.toContain("SYNTHETIC");
  });

  it("leaves out the served reason when the card gives none", () => {
    expect(render(weightsVariants(), true, null)).not.toContain('data-testid="served-reason"');
  });

  it("says the card predates the variant check and how to add it when there are no variants", () => {
    const html = render(null);
    expect(html).toContain('data-testid="empty-state"');
    expect(html).not.toContain('data-testid="weights-variants"');
    expect(html).toMatch(/predates the variant check/);
    expect(html).toContain("npm run train");
  });
});
