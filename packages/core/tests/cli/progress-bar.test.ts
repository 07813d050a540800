import { describe, expect, it } from "vitest";
import { EXIT_CODES, ProgressBars, exitCodeFor } from "../../src/cli";
import { pipelineProgress } from "../../src/cli/progress-bar";
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
    expect(s.text()).toBe("\rpose        [#---]  25 %  0.0 s\x1b[K\rpose        [###-]  75 %  0.2 s\x1b[K\n");
  });

  it("says on a terminal about how long a stage has left at its pace so far, once it has run a second, and erases what a longer line left", () => {
    let t = 0;
    const s = sink(true);
    const bars = new ProgressBars(s.out, { width: 4, redrawMs: 0, now: () => t });
    bars.update("pose", 0);
    t = 500;
    bars.update("pose", 5); // too early to tell
    t = 2000;
    bars.update("pose", 10); // 2 s for 10 %: 18 s to go
    t = 60_000;
    bars.update("pose", 25); // 60 s for 25 %: 3 min to go
    t = 62_000;
    bars.update("pose", 100);
    expect(s.text().split("\r").slice(1)).toEqual([
      "pose        [----]   0 %  0.0 s\x1b[K",
      "pose        [----]   5 %  0.5 s\x1b[K",
      "pose        [----]  10 %  2.0 s, about 18 s left\x1b[K",
      "pose        [#---]  25 %  60.0 s, about 3 min left\x1b[K",
      "pose        [####] 100 %  62.0 s\x1b[K\n",
    ]);
  });

  it("draws decoding and pose estimation, which run together frame by frame, as one bar that ends when both do", () => {
    let t = 0;
    const s = sink(false);
    const progress = pipelineProgress(new ProgressBars(s.out, { width: 4, now: () => t }));
    // As videoToJoints reports them: both stages, the same percentage, one frame at a time.
    for (const percent of [0, 50, 100]) {
      progress("decode", percent);
      progress("pose", percent);
      t += 1000;
    }
    progress("skeleton", 100);
    expect(s.text()).toBe("decode+pose [####] 100 %  2.0 s\nskeleton    [####] 100 %  0.0 s\n");
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
