/**
 * One subscription's wait for changes of one analysis, made by `AnalysisChangeFeed.watch`: woken
 * by the feed, and by a timer in case a change was not heard of.
 */
export class AnalysisWatch {
  private pending = false;
  private closed = false;
  private resume: (() => void) | undefined;

  constructor(
    readonly analysisId: string,
    private readonly owner: {
      /** How long a wait lasts without a change, as things stand now. */
      waitMs(): number;
      /** Called once, when the watch closes. */
      onClose(watch: AnalysisWatch): void;
    },
  ) {}

  /**
   * Resolves when the analysis should be read again: at once when a change (or a connection
   * change) came since the last call, else at the next one, or after the feed's wait.
   * False when the watch closed or `signal` aborted meanwhile: stop, there is nobody to read for.
   */
  async next(signal: AbortSignal): Promise<boolean> {
    if (!this.pending && !this.closed && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          this.resume = undefined;
          resolve();
        };
        const timer = setTimeout(done, this.owner.waitMs());
        signal.addEventListener("abort", done);
        this.resume = done;
      });
    }
    this.pending = false;
    return !this.closed && !signal.aborted;
  }

  /** A change, or a change of the feed's connection: the wait in progress, or else the next, ends at once. */
  wake(): void {
    this.pending = true;
    this.resume?.();
  }

  /** Stops watching (idempotent); a wait in progress ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.onClose(this);
    this.resume?.();
  }
}
