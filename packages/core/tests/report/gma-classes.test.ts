import { describe, expect, it } from "vitest";
import { classAgreesWithRisk, GMA_CLASSES, gmaClass, gmaClassGroups, gmaClassName } from "../../src/report/gma-classes";

describe("GMA classes", () => {
  it("names each class by its abbreviation and words, and an unassessable recording in words alone", () => {
    expect(gmaClassName("ABSENT_FIDGETY")).toBe("F- (Fidgety movements absent)");
    expect(gmaClassName("CRAMPED_SYNCHRONISED")).toBe("CS (Cramped-synchronised)");
    expect(gmaClassName("NOT_ASSESSABLE")).toBe("Not assessable");
  });

  it("counts only N and F+ as normal and every other assessable class as abnormal", () => {
    expect(GMA_CLASSES.filter((c) => c.verdict === "normal").map((c) => c.abbreviation)).toEqual(["N", "F+"]);
    expect(GMA_CLASSES.filter((c) => c.verdict === "abnormal").map((c) => c.abbreviation)).toEqual(["PR", "CS", "Ch", "AF", "F-"]);
    expect(gmaClass("NOT_ASSESSABLE").verdict).toBe("unassessable");
  });

  it("puts the recording's own period first in the form and the unassessable choice last", () => {
    expect(gmaClassGroups("writhing").map((g) => g.period)).toEqual(["writhing", "fidgety", "other"]);
    expect(gmaClassGroups("fidgety").map((g) => g.period)).toEqual(["fidgety", "writhing", "other"]);
    // Beyond 20 weeks (or unknown) the fidgety classes are the nearer assessment.
    expect(gmaClassGroups("beyond").map((g) => g.period)).toEqual(["fidgety", "writhing", "other"]);
    expect(gmaClassGroups(null).flatMap((g) => g.classes)).toHaveLength(GMA_CLASSES.length);
  });

  it("refuses a class it does not know instead of showing nothing", () => {
    expect(() => gmaClass("SOMETHING_NEW" as never)).toThrow(/unknown GMA class/);
  });

  it("agrees with the model for a normal class and low risk, or an abnormal class and medium or high risk, and compares nothing for an unassessable recording", () => {
    expect(classAgreesWithRisk("NORMAL_FIDGETY", "low")).toBe(true);
    expect(classAgreesWithRisk("NORMAL_WRITHING", "medium")).toBe(false);
    expect(classAgreesWithRisk("ABSENT_FIDGETY", "medium")).toBe(true);
    expect(classAgreesWithRisk("POOR_REPERTOIRE", "high")).toBe(true);
    expect(classAgreesWithRisk("CRAMPED_SYNCHRONISED", "low")).toBe(false);
    expect(classAgreesWithRisk("NOT_ASSESSABLE", "high")).toBeNull();
  });
});
