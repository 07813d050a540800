import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RiskBadge } from "@/components/analyses/risk-badge";
import { parseRiskFilter, riskFilterValue, RISK_FILTERS } from "@/lib/risk-level";

const render = (level: "LOW" | "MEDIUM" | "HIGH" | null) => renderToStaticMarkup(createElement(RiskBadge, { level }));

describe("the risk badge", () => {
  it("shows each level in the report page's words and colours", () => {
    expect(render("HIGH")).toContain(">high<");
    expect(render("HIGH")).toContain("danger");
    expect(render("MEDIUM")).toContain("warn");
    expect(render("LOW")).toContain("ok");
  });

  it("shows a dash for an analysis without a level", () => {
    expect(render(null)).toContain("—");
    expect(render(null)).not.toContain("badge");
  });
});

describe("the risk filter in the URL", () => {
  it("reads one level or several, in one order and without repeats", () => {
    expect(parseRiskFilter("high")).toEqual(["HIGH"]);
    expect(parseRiskFilter("high,medium,high")).toEqual(["MEDIUM", "HIGH"]);
    expect(riskFilterValue(parseRiskFilter("HIGH, medium"))).toBe("medium,high");
  });

  it("lists everything for a missing, empty or unknown value rather than failing", () => {
    for (const value of [null, undefined, "", "severe", ",,"]) expect(parseRiskFilter(value), String(value)).toBeUndefined();
    expect(riskFilterValue(undefined)).toBe("");
  });

  it("offers choices whose values it reads back as they are written", () => {
    for (const choice of RISK_FILTERS) expect(riskFilterValue(parseRiskFilter(choice.value))).toBe(choice.value);
  });
});
