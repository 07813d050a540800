import { describe, expect, it } from "vitest";
import { EXIT_CODES, ProgressBars, exitCodeFor } from "../../src/cli";
import { GmaError } from "../../src/errors";
import { NoPersonFoundError } from "../../src/video";

function sink(isTTY: boolean): { out: { write: (t: string) => void; isTTY: boolean }; text: () => string } {
  let text = "";
  return { out: { write: (t) => (text += t), isTTY }, text: () => text };
}

describe("ProgressBars", () => {
  it("prints one finished line per stage into a log, in order, ignoring updates after a stage ends", () => {
    let t = 0;
    const s = sink(false);
    const bars = new ProgressBars(s.out, { width: 10, now: () => t });
    bars.update("decode", 0);
    t = 500;
    bars.update("decode", 50);
    t = 1500;
    bars.update("decode", 100);
    bars.update("decode", 30);
    bars.update("pose", 10);
    t = 2000;
    bars.update("report", 100);
    bars.done();
    expect(s.text()).toBe("decode      [##########] 100 %  1.5 s\npose        [##########] 100 %  0.5 s\nreport      [##########] 100 %  0.0 s\n");
  });

  it("redraws the current bar in place on a terminal, throttled, and ends it with a newline", () => {
    let t = 0;
    const s = sink(true);
    const bars = new ProgressBars(s.out, { width: 4, redrawMs: 100, now: () => t });
    bars.update("pose", 25);
    t = 50;
    bars.update("pose", 50); // throttled
    t = 200;
    bars.update("pose", 75);
    bars.done();
    expect(s.text()).toBe("\rpose        [#---]  25 %  0.0 s\rpose        [###-]  75 %  0.2 s\n");
  });

  it("rejects a bar too narrow to draw", () => {
    expect(() => new ProgressBars(sink(false).out, { width: 2 })).toThrow(/width must be an integer >= 4/);
  });
});

describe("exitCodeFor", () => {
  it("maps unusable recordings, set-up problems, other user errors and internal failures to their own codes", () => {
    expect(exitCodeFor(new NoPersonFoundError("nobody"))).toBe(EXIT_CODES.unusableRecording);
    expect(exitCodeFor(new GmaError("MODELS_MISSING", "gone", { isUserError: false }))).toBe(EXIT_CODES.setup);
    expect(exitCodeFor(new GmaError("NOT_A_VIDEO", "text"))).toBe(EXIT_CODES.badInput);
    expect(exitCodeFor(new GmaError("INFERENCE_FAILED", "boom", { isUserError: false }))).toBe(EXIT_CODES.internal);
    expect(exitCodeFor(new TypeError("bug"))).toBe(EXIT_CODES.internal);
  });
});
