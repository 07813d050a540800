import { describe, expect, it } from "vitest";
import { GMA_CLASSES, type GmaClass } from "@/lib/gma-classes";
import { reviewAgreementSentence, reviewAgrees } from "@/lib/review-agreement";

const NORMAL: GmaClass[] = ["NORMAL_WRITHING", "NORMAL_FIDGETY"];
const ABNORMAL: GmaClass[] = ["POOR_REPERTOIRE", "CRAMPED_SYNCHRONISED", "CHAOTIC", "ABNORMAL_FIDGETY", "ABSENT_FIDGETY"];

describe("whether a clinician's class agrees with the model's risk level", () => {
  it("agrees for a normal class with a low risk and differs for a normal class with a medium or high one", () => {
    for (const c of NORMAL) {
      expect(reviewAgrees(c, "low"), c).toBe(true);
      expect(reviewAgrees(c, "medium"), c).toBe(false);
      expect(reviewAgrees(c, "high"), c).toBe(false);
    }
  });

  it("agrees for an abnormal class with a medium or high risk and differs for one with a low risk", () => {
    for (const c of ABNORMAL) {
      expect(reviewAgrees(c, "medium"), c).toBe(true);
      expect(reviewAgrees(c, "high"), c).toBe(true);
      expect(reviewAgrees(c, "low"), c).toBe(false);
    }
  });

  it("compares nothing for a recording found not assessable, whatever the risk", () => {
    for (const level of ["low", "medium", "high"] as const) expect(reviewAgrees("NOT_ASSESSABLE", level)).toBeNull();
  });

  it("covers every class the dashboard knows", () => {
    expect([...NORMAL, ...ABNORMAL, "NOT_ASSESSABLE"].sort()).toEqual(GMA_CLASSES.map((c) => c.value).sort());
  });

  it("says in a sentence whether they agree or differ, and why", () => {
    expect(reviewAgreementSentence("NORMAL_FIDGETY", "low")).toBe("The clinician's class agrees with the model: normal movements, and a low risk level.");
    expect(reviewAgreementSentence("ABSENT_FIDGETY", "low")).toBe("The clinician's class differs from the model: abnormal movements, but a low risk level.");
    expect(reviewAgreementSentence("NORMAL_WRITHING", "high")).toBe("The clinician's class differs from the model: normal movements, but a high risk level.");
    expect(reviewAgreementSentence("CRAMPED_SYNCHRONISED", "medium")).toBe("The clinician's class agrees with the model: abnormal movements, and a medium risk level.");
    expect(reviewAgreementSentence("NOT_ASSESSABLE", "high")).toMatch(/^Not compared with the model/);
  });
});
