/** Where a {@link ProgressBars} writes: stderr, or a fake in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  /** True for a terminal: bars are redrawn in place; otherwise each stage prints one line when it ends. */
  isTTY?: boolean | undefined;
}

/** Options of {@link ProgressBars}. */
export interface ProgressBarsOptions {
  /**
   * Characters of the bar itself.
   * @defaultValue 24
   */
  width?: number;
  /**
   * Least time between two redraws of a bar on a terminal, in milliseconds.
   * @defaultValue 100
   */
  redrawMs?: number;
  /**
   * Clock, for tests.
   * @defaultValue performance.now
   */
  now?: () => number;
}

/**
 * One progress bar per pipeline stage, on stderr so that stdout stays for results. On a terminal
 * the current stage's bar is redrawn in place (throttled), with the time the stage has taken and,
 * once it has run a second, about how long it has left (at its pace so far), and left on screen
 * when it ends; into a pipe or a log each stage prints a single line when it finishes, so logs
 * stay readable. Stages are taken to run one after another: a new stage ends the current one.
 */
export class ProgressBars {
  private readonly width: number;
  private readonly redrawMs: number;
  private readonly now: () => number;
  private current: string | undefined;
  private startedAt = 0;
  private lastDraw = -Infinity;
  private lastPercent = -1;
  private readonly finished = new Set<string>();

  constructor(
    private readonly out: ProgressOutput,
    options: ProgressBarsOptions = {},
  ) {
    this.width = options.width ?? 24;
    this.redrawMs = options.redrawMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    if (!(Number.isInteger(this.width) && this.width >= 4)) throw new RangeError(`width must be an integer >= 4, got ${this.width}`);
    if (!(this.redrawMs >= 0)) throw new RangeError(`redrawMs must be >= 0, got ${this.redrawMs}`);
  }

  /** Moves `stage`'s bar to `percent` (0-100); a stage that reached 100 is finished and ignores later updates. */
  update(stage: string, percent: number): void {
    if (this.finished.has(stage)) return;
    const p = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
    if (stage !== this.current) {
      this.finishCurrent();
      this.current = stage;
      this.startedAt = this.now();
      this.lastDraw = -Infinity;
      this.lastPercent = -1;
    }
    if (p >= 100) {
      this.finishCurrent();
      return;
    }
    const t = this.now();
    if (this.out.isTTY && Math.floor(p) !== this.lastPercent && t - this.lastDraw >= this.redrawMs) {
      this.lastDraw = t;
      this.lastPercent = Math.floor(p);
      // Erased to the end of the line: the time left may shrink by a digit.
      this.out.write(`\r${this.line(stage, p, t - this.startedAt)}${timeLeft(p, t - this.startedAt)}\x1b[K`);
    }
  }

  /** Ends the bar in progress, if any (call before printing anything else). */
  done(): void {
    if (this.current !== undefined && this.out.isTTY && this.lastPercent >= 0) this.out.write("\n");
    this.current = undefined;
  }

  private finishCurrent(): void {
    const stage = this.current;
    if (stage === undefined) return;
    this.finished.add(stage);
    this.current = undefined;
    const line = this.line(stage, 100, this.now() - this.startedAt);
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private line(stage: string, percent: number, elapsedMs: number): string {
    const filled = Math.round((percent / 100) * this.width);
    const bar = "#".repeat(filled) + "-".repeat(this.width - filled);
    return `${stage.padEnd(11)} [${bar}] ${String(Math.floor(percent)).padStart(3)} %  ${(elapsedMs / 1000).toFixed(1)} s`;
  }
}

/** ", about 40 s left" at the pace so far; nothing in the first second or the first per cent, whose pace says little. */
function timeLeft(percent: number, elapsedMs: number): string {
  if (elapsedMs < 1000 || percent < 1 || percent >= 100) return "";
  const seconds = (elapsedMs / 1000) * ((100 - percent) / percent);
  return seconds < 90 ? `, about ${Math.max(1, Math.round(seconds))} s left` : `, about ${Math.round(seconds / 60)} min left`;
}

/**
 * Draws a pipeline's progress reports on `bars`. Decoding and pose estimation run together,
 * frame by frame, and report the same percentage, so they share one bar, "decode+pose": drawn as
 * two, the decode bar ended at 100 % and 0.0 s as soon as the pose bar began, though decoding
 * goes on until the last frame (the report's timings give each its own time).
 */
export function pipelineProgress(bars: ProgressBars): (stage: string, percent: number) => void {
  return (stage, percent) => {
    if (stage === "decode") return;
    bars.update(stage === "pose" ? "decode+pose" : stage, percent);
  };
}
