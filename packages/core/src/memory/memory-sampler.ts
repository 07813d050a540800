import { readGpuMemory, type GpuMemory } from "./gpu-memory";
import { optimizeMemory, type OptimizeMemoryOptions, type OptimizeMemoryReport } from "./memory-manager";
import { readProcessMemory, type ProcessMemory } from "./process-memory";
import { readSystemMemory } from "./system-memory";

/** One sample of {@link MemorySampler}. */
export interface MemorySample extends ProcessMemory {
  /** Epoch milliseconds. */
  at: number;
  /** rss / limitBytes. */
  pressure: number;
  gpus: GpuMemory[];
}

/** Options of a {@link MemorySampler}. */
export interface MemorySamplerOptions {
  /**
   * Milliseconds between samples.
   * @defaultValue `10_000`
   */
  intervalMs?: number;
  /**
   * Samples kept (oldest dropped first).
   * @defaultValue `360` (an hour at the default interval)
   */
  maxSamples?: number;
  /**
   * Memory the process may use, against which pressure is measured.
   * @defaultValue the cgroup limit, else the machine's RAM
   */
  limitBytes?: number;
  /**
   * Pressure (rss / limit, 0..1) at or above which `onPressure` runs; `0` turns it off.
   * @defaultValue `0.85`
   */
  pressureThreshold?: number;
  /**
   * Least time between two `onPressure` calls, so a process that stays high is not thrashed.
   * @defaultValue `60_000`
   */
  cooldownMs?: number;
  /**
   * Also sample GPU memory (nvidia-smi; nothing where there is no GPU).
   * @defaultValue `true`
   */
  sampleGpu?: boolean;
  /**
   * What to do under pressure.
   * @defaultValue `optimizeMemory(optimizeOptions)`
   */
  onPressure?: (sample: MemorySample) => unknown;
  /** Options for the default `onPressure`. */
  optimizeOptions?: OptimizeMemoryOptions;
  /** Called with each optimisation report of the default `onPressure`. */
  onOptimized?: (report: OptimizeMemoryReport) => void;
}

/**
 * Samples process (and GPU) memory on an interval, keeps a bounded history, and frees memory
 * (by default with {@link optimizeMemory}) when the process nears its limit.
 */
export class MemorySampler {
  private readonly intervalMs: number;
  private readonly maxSamples: number;
  private readonly limitBytes: number;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly sampleGpu: boolean;
  private readonly onPressure: (sample: MemorySample) => unknown;
  private readonly history: MemorySample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastPressureAt = -Infinity;
  private pressureRuns = 0;

  constructor(options: MemorySamplerOptions = {}) {
    const { intervalMs = 10_000, maxSamples = 360, pressureThreshold = 0.85, cooldownMs = 60_000, sampleGpu = true } = options;
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`maxSamples must be an integer >= 1, got ${maxSamples}`);
    if (!(pressureThreshold >= 0 && pressureThreshold <= 1)) throw new RangeError(`pressureThreshold must be in 0..1 (0 = off), got ${pressureThreshold}`);
    if (!(cooldownMs >= 0)) throw new RangeError(`cooldownMs must be >= 0, got ${cooldownMs}`);
    const limitBytes = options.limitBytes ?? readSystemMemory().limitBytes;
    if (!(limitBytes > 0)) throw new RangeError(`limitBytes must be > 0, got ${limitBytes}`);
    this.intervalMs = intervalMs;
    this.maxSamples = maxSamples;
    this.limitBytes = limitBytes;
    this.threshold = pressureThreshold;
    this.cooldownMs = cooldownMs;
    this.sampleGpu = sampleGpu;
    this.onPressure =
      options.onPressure ??
      (async () => {
        const report = await optimizeMemory(options.optimizeOptions);
        options.onOptimized?.(report);
      });
  }

  /** Starts sampling on the interval (the timer does not keep the process alive). */
  start(): this {
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.sample(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  /** Stops sampling; the history stays. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one sample now, and relieves pressure if it is over the threshold. */
  async sample(): Promise<MemorySample> {
    const gpus = this.sampleGpu ? await readGpuMemory() : [];
    const proc = readProcessMemory();
    const sample: MemorySample = { ...proc, at: Date.now(), pressure: proc.rss / this.limitBytes, gpus };
    this.history.push(sample);
    if (this.history.length > this.maxSamples) this.history.splice(0, this.history.length - this.maxSamples);
    if (this.threshold > 0 && sample.pressure >= this.threshold && sample.at - this.lastPressureAt >= this.cooldownMs) {
      this.lastPressureAt = sample.at;
      this.pressureRuns++;
      try {
        await this.onPressure(sample);
      } catch (error) {
        process.emitWarning(`memory pressure handler failed: ${String(error)}`, "GmaMemoryWarning");
      }
    }
    return sample;
  }

  /** Samples so far, oldest first. */
  samples(): MemorySample[] {
    return [...this.history];
  }

  /** How often pressure was relieved. */
  get pressureEvents(): number {
    return this.pressureRuns;
  }

  /** Highest rss seen in the history. */
  peakRss(): number {
    return this.history.reduce((m, s) => Math.max(m, s.rss), 0);
  }
}
