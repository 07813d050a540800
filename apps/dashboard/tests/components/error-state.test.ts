import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorState } from "@/components/ui";
import { ApiError } from "@/lib/api-error";

const render = (error: unknown, withRetry = true, children?: string) =>
  renderToStaticMarkup(createElement(ErrorState, { error, retry: withRetry ? () => undefined : undefined }, children));

describe("the error state", () => {
  it("says a missing item is not found, offers no pointless retry and shows what to do instead", () => {
    const html = render(new ApiError("No such analysis.", "NOT_FOUND"), true, "Back to the analyses");
    expect(html).toContain("Not found");
    expect(html).toContain("No such analysis.");
    expect(html).toContain("NOT_FOUND");
    expect(html).toContain("Back to the analyses");
    expect(html).not.toContain("Try again");
  });

  it("offers a retry for an error that may pass", () => {
    const html = render(new ApiError("The API did not answer.", "NETWORK_ERROR"));
    expect(html).toContain("Something went wrong");
    expect(html).toContain("Try again");
  });

  it("offers a retry that does not submit a form it sits in (the upload form's)", () => {
    const html = render(new ApiError("The analysis could not be queued.", "SERVICE_UNAVAILABLE"));
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>Try again<\/button>/);
  });

  it("names a refusal as such, without a retry", () => {
    const html = render(new ApiError("Your role may not do this.", "FORBIDDEN"));
    expect(html).toContain("Not allowed");
    expect(html).not.toContain("Try again");
  });
});
