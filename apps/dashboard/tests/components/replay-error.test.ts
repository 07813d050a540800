import { encodeKeypoints, simulateInfant } from "@gma/core";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReplayError } from "@/components/analyses/replay-error";
import { ApiError } from "@/lib/api-error";
import { decodeReplaySequence } from "@/lib/replay-sequence";

const render = (error: unknown) => renderToStaticMarkup(createElement(ReplayError, { error }));

describe("the skeleton player's error", () => {
  it("shows why a damaged joint sequence cannot be replayed, what to do and its code, as the decoder says it", async () => {
    const seq = simulateInfant({ seed: 7, movementClass: "writhing", durationS: 1, ageWeeks: 6 }).sequence;
    const bytes = encodeKeypoints(seq);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    new DataView(buffer).setFloat64(32, 0, true);
    const error: unknown = await decodeReplaySequence(buffer).catch((e: unknown) => e);
    const html = render(error);
    expect(html).toContain('data-testid="skeleton-damaged"');
    expect(html).toContain('role="alert"');
    expect(html).toContain("The movement replay cannot be shown");
    // React escapes the apostrophe; the page reads the decoder's own words.
    expect(html.replaceAll("&#x27;", "'")).toContain((error as Error).message);
    expect((error as Error).message).toContain("Re-run the analysis");
    expect(html).toContain("<code>KEYPOINTS_INVALID</code>");
    expect(html).toContain("The report does not depend on this file");
  });

  it("shows any other error (the API's, the network's) as every page does", () => {
    const html = render(new ApiError("The API did not answer.", "NETWORK_ERROR"));
    expect(html).toContain('data-testid="error-state"');
    expect(html).toContain("The API did not answer.");
    expect(html).not.toContain("skeleton-damaged");
  });
});
