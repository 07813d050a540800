import { performance } from "node:perf_hooks";
import { Histogram, type HistogramSnapshot, type HistogramStats } from "./histogram";
import { functionOrMethodWrapper, isThenable, type AnyFunction, type FunctionOrMethodWrapper } from "./method-wrapper";

/**
 * Named latency histograms. One process-wide instance backs {@link timed} and
 * {@link getPerformanceStats}; separate instances are for tests and isolated subsystems.
 */
export class PerformanceMonitor {
  private readonly histograms = new Map<string, Histogram>();
  private on = true;

  /**
   * Whether durations are recorded. While off (a process with PERF_MONITORING=off), timed
   * functions still run and return as before, without the clock reads, and {@link record}
   * drops what it is given; the histograms already there stay.
   */
  get enabled(): boolean {
    return this.on;
  }

  /** Turns recording on or off (see {@link enabled}). */
  setEnabled(enabled: boolean): void {
    this.on = enabled;
  }

  /** Records one duration under `name` (nothing while disabled). */
  record(name: string, ms: number, failed = false): void {
    if (!this.on) return;
    let h = this.histograms.get(name);
    if (h === undefined) {
      h = new Histogram();
      this.histograms.set(name, h);
    }
    h.record(ms, failed);
  }

  /**
   * Wraps a sync or async function (or decorates a method) so that each call's duration lands
   * in the histogram `name`; async functions are timed until their promise settles, and calls
   * that throw or reject are counted as errors and rethrown unchanged.
   */
  timed(name: string): FunctionOrMethodWrapper {
    return functionOrMethodWrapper(<F extends AnyFunction>(fn: F): F => {
      // Bound once: the per-call path is two clock reads and one bucket increment.
      const record = (ms: number, failed?: boolean): void => this.record(name, ms, failed);
      const enabled = (): boolean => this.on;
      return function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
        // Disabled: no clock reads and no promise wrapping, the call is the bare function's.
        if (!enabled()) return fn.apply(this, args) as ReturnType<F>;
        const start = performance.now();
        let result: unknown;
        try {
          result = fn.apply(this, args);
        } catch (error) {
          record(performance.now() - start, true);
          throw error;
        }
        if (isThenable(result)) {
          return Promise.resolve(result).then(
            (value) => {
              record(performance.now() - start);
              return value;
            },
            (error: unknown) => {
              record(performance.now() - start, true);
              throw error;
            },
          ) as ReturnType<F>;
        }
        record(performance.now() - start);
        return result as ReturnType<F>;
      } as F;
    });
  }

  /** Times one call of `fn` under `name` (sync or async), without wrapping it for reuse. */
  measure<T>(name: string, fn: () => T): T {
    return this.timed(name)(fn)();
  }

  /** Statistics per name. */
  stats(): Record<string, HistogramStats> {
    const out: Record<string, HistogramStats> = {};
    for (const [name, h] of [...this.histograms].sort(([a], [b]) => a.localeCompare(b))) out[name] = h.stats();
    return out;
  }

  /** Serialisable histograms per name. */
  snapshot(): Record<string, HistogramSnapshot> {
    const out: Record<string, HistogramSnapshot> = {};
    for (const [name, h] of this.histograms) out[name] = h.snapshot();
    return out;
  }

  /** Forgets every histogram. */
  reset(): void {
    this.histograms.clear();
  }
}

const globalMonitor = new PerformanceMonitor();

/** The process-wide monitor behind {@link timed}. */
export function getPerformanceMonitor(): PerformanceMonitor {
  return globalMonitor;
}

/**
 * Times a function or method into the process-wide monitor under `name`.
 *
 * @example
 * const analyse = timed("analysis.total")(async (file: string) => { ... });
 * class Pipeline { @timed("pose.frame") detect(frame: VideoFrame) { ... } }
 */
export function timed(name: string): FunctionOrMethodWrapper {
  return globalMonitor.timed(name);
}

/** Count, mean, min, max, p50, p95 and p99 (milliseconds) of every timed name in this process. */
export function getPerformanceStats(): Record<string, HistogramStats> {
  return globalMonitor.stats();
}

/** Forgets the process-wide timings. */
export function resetPerformanceStats(): void {
  globalMonitor.reset();
}
