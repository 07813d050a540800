import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Identifier, identifierSegments } from "@/components/ui/identifier";

describe("a long identifier", () => {
  it("may break before a dot, @ or + and after a hyphen, underscore, slash or colon, never inside a word", () => {
    expect(identifierSegments("autoencoder.fp16.onnx")).toEqual(["autoencoder", ".fp16", ".onnx"]);
    expect(identifierSegments("gma-movement-autoencoder@3aedba814742+19766465")).toEqual(["gma-", "movement-", "autoencoder", "@3aedba814742", "+19766465"]);
    expect(identifierSegments("SESSION_PURGE")).toEqual(["SESSION_", "PURGE"]);
    expect(identifierSegments("pose:models/blazepose-full.fp16.onnx")).toEqual(["pose:", "models/", "blazepose-", "full", ".fp16", ".onnx"]);
  });

  it("keeps a leading dot and a word without break points whole", () => {
    expect(identifierSegments(".env")).toEqual([".env"]);
    expect(identifierSegments("fidgety")).toEqual(["fidgety"]);
    expect(identifierSegments("")).toEqual([]);
  });

  it("offers the breaks to the browser as <wbr> and reads as the identifier itself", () => {
    const html = renderToStaticMarkup(createElement(Identifier, { text: "autoencoder.fp16.onnx", code: true }));
    expect(html).toBe('<code class="identifier">autoencoder<wbr/>.fp16<wbr/>.onnx</code>');
    expect(html.replace(/<[^>]+>/g, "")).toBe("autoencoder.fp16.onnx");
  });
});
