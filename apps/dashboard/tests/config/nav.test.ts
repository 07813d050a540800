import { describe, expect, it } from "vitest";
import { NAV_ITEMS, navFor, navItemOf } from "@/config/nav";

describe("navigation", () => {
  it("shows analysts the performance pages but no patient data and no queues", () => {
    const hrefs = navFor("ANALYST").map((i) => i.href);
    expect(hrefs).toContain("/performance");
    expect(hrefs).not.toContain("/patients");
    expect(hrefs).not.toContain("/analyses");
    expect(hrefs).not.toContain("/queues");
  });

  it("shows clinicians their clinical pages and none of the administration", () => {
    const items = navFor("CLINICIAN");
    expect(items.map((i) => i.href)).toEqual(expect.arrayContaining(["/analyses", "/patients", "/upload"]));
    expect(items.some((i) => i.section === "Administration")).toBe(false);
  });

  it("shows every role the model evaluation page", () => {
    for (const role of ["ADMIN", "CLINICIAN", "ANALYST"] as const) expect(navFor(role).map((i) => i.href), role).toContain("/model-evaluation");
    expect(navItemOf("/model-evaluation")?.href).toBe("/model-evaluation");
    // Clinicians see no Operations section at all: the page sits with the reports.
    expect(new Set(navFor("CLINICIAN").map((i) => i.section))).toEqual(new Set(["Clinical"]));
    expect(navItemOf("/models")?.href).toBe("/models");
  });

  it("gives admins every page", () => {
    expect(navFor("ADMIN")).toHaveLength(NAV_ITEMS.length);
  });

  it("attributes a nested path to the entry with the longest matching prefix", () => {
    expect(navItemOf("/analyses/abc")?.href).toBe("/analyses");
    expect(navItemOf("/")?.href).toBe("/");
    expect(navItemOf("/sessionsx")).toBeUndefined();
  });
});
