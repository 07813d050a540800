/**
 * Log-bucketed latency histogram: constant memory, O(1) recording, and mergeable across
 * processes (buckets add up), which a reservoir of raw samples would not be.
 *
 * Buckets are 8 per octave, so a reported percentile is within about 4.5 % of the true value;
 * min and max are exact.
 */

/** Buckets per doubling; 8 keeps the relative error of a percentile under 4.5 %. */
const PER_OCTAVE = 8;
/** Smallest distinguishable value in milliseconds (1 ns). */
const MIN_MS = 1e-6;
/** Octaves covered above MIN_MS: 1 ns .. about 9 days. */
const OCTAVES = 50;
/** Number of buckets; values beyond the range land in the first or last one. */
export const HISTOGRAM_BUCKETS = PER_OCTAVE * OCTAVES;

/** Serialisable state of a {@link Histogram}; what snapshots carry between processes. */
export interface HistogramSnapshot {
  count: number;
  /** Sum of all recorded values in milliseconds. */
  sumMs: number;
  minMs: number;
  maxMs: number;
  /** Observations that threw or rejected (counted in `count` too). */
  errors: number;
  /** Sparse bucket counts: `[bucketIndex, count]` pairs, ascending by index. */
  buckets: Array<[number, number]>;
}

/** Summary statistics of a histogram, all times in milliseconds. */
export interface HistogramStats {
  count: number;
  errors: number;
  totalMs: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Index of the bucket that holds `ms`. */
export function bucketIndex(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const i = Math.floor(Math.log2(ms / MIN_MS) * PER_OCTAVE);
  return i >= HISTOGRAM_BUCKETS ? HISTOGRAM_BUCKETS - 1 : i;
}

/** Upper bound of a bucket in milliseconds (the `le` of a Prometheus bucket). */
export function bucketUpperMs(index: number): number {
  return MIN_MS * 2 ** ((index + 1) / PER_OCTAVE);
}

/** Geometric middle of a bucket: the estimate a percentile falling in it reports. */
function bucketMidMs(index: number): number {
  return MIN_MS * 2 ** ((index + 0.5) / PER_OCTAVE);
}

/** A latency histogram in milliseconds. */
export class Histogram {
  private counts = new Float64Array(HISTOGRAM_BUCKETS);
  private n = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private errorCount = 0;

  /** Records one observation of `ms` milliseconds; `failed` marks a thrown or rejected call. */
  record(ms: number, failed = false): void {
    this.counts[bucketIndex(ms)]! += 1;
    this.n++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    if (failed) this.errorCount++;
  }

  /** Number of observations so far. */
  get count(): number {
    return this.n;
  }

  /** Percentile `p` (0..100) estimated from the buckets, clamped to the exact min and max. */
  percentile(p: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketMidMs(i)));
    }
    return this.max;
  }

  /** Count, mean, min, max and p50/p95/p99. */
  stats(): HistogramStats {
    const empty = this.n === 0;
    return {
      count: this.n,
      errors: this.errorCount,
      totalMs: this.sum,
      meanMs: empty ? 0 : this.sum / this.n,
      minMs: empty ? 0 : this.min,
      maxMs: empty ? 0 : this.max,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
    };
  }

  /** Serialisable copy of the state. */
  snapshot(): HistogramSnapshot {
    const buckets: Array<[number, number]> = [];
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) if (this.counts[i]! > 0) buckets.push([i, this.counts[i]!]);
    return { count: this.n, sumMs: this.sum, minMs: this.n ? this.min : 0, maxMs: this.n ? this.max : 0, errors: this.errorCount, buckets };
  }

  /** Adds another histogram's observations to this one. */
  merge(other: HistogramSnapshot): this {
    if (other.count === 0) return this;
    for (const [i, c] of other.buckets) {
      if (!Number.isInteger(i) || i < 0 || i >= HISTOGRAM_BUCKETS) throw new RangeError(`histogram bucket index ${i} is out of range 0..${HISTOGRAM_BUCKETS - 1}`);
      this.counts[i]! += c;
    }
    this.n += other.count;
    this.sum += other.sumMs;
    this.errorCount += other.errors;
    this.min = Math.min(this.min, other.minMs);
    this.max = Math.max(this.max, other.maxMs);
    return this;
  }

  /** Rebuilds a histogram from a snapshot. */
  static fromSnapshot(snapshot: HistogramSnapshot): Histogram {
    return new Histogram().merge(snapshot);
  }

  /** Forgets every observation. */
  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.errorCount = 0;
  }
}
