/** One gauge of a snapshot: a value that goes up and down (open connections, subscriptions...). */
export interface GaugeSnapshot {
  /** Prometheus metric name, e.g. `gma_graphql_subscriptions_active`. */
  name: string;
  /** Prometheus HELP text. */
  help: string;
  /** The value now (summed over the readers of the name, and over processes when merged). */
  value: number;
}

/** What Prometheus accepts as a metric name. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Gauges that an application keeps in its process and that core cannot know of (the API's open
 * GraphQL subscriptions), so that they travel in {@link PerformanceSnapshot}s to the other
 * processes and to Prometheus like core's own figures. A gauge is a function read when a snapshot
 * is taken, never a value pushed on every change. Several readers may share a name (two servers
 * in one process, as in tests): their values add up, as merged processes' do.
 */
export class GaugeRegistry {
  private readonly gauges = new Map<string, { help: string; readers: Set<() => number> }>();

  /**
   * Reads `read()` under `name` in every snapshot until the returned function is called
   * (idempotent). A name that is not a Prometheus metric name, or that is registered already
   * with another help text (two meanings for one metric), is refused with a RangeError.
   */
  register(name: string, help: string, read: () => number): () => void {
    if (!METRIC_NAME.test(name)) throw new RangeError(`gauge name "${name}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`);
    const existing = this.gauges.get(name);
    if (existing && existing.help !== help) throw new RangeError(`gauge "${name}" is registered already as "${existing.help}"; one name, one meaning`);
    const gauge = existing ?? { help, readers: new Set<() => number>() };
    this.gauges.set(name, gauge);
    // A function of its own per registration, so that the same reader registered twice counts twice and leaves once per call.
    const reader = () => read();
    gauge.readers.add(reader);
    return () => {
      gauge.readers.delete(reader);
      if (gauge.readers.size === 0 && this.gauges.get(name) === gauge) this.gauges.delete(name);
    };
  }

  /** Every registered gauge read now, by name. */
  stats(): Record<string, GaugeSnapshot> {
    const out: Record<string, GaugeSnapshot> = {};
    for (const [name, g] of this.gauges) {
      let value = 0;
      for (const read of g.readers) value += read();
      out[name] = { name, help: g.help, value };
    }
    return out;
  }
}

const registry = new GaugeRegistry();

/** The process-wide {@link GaugeRegistry} that performance snapshots read. */
export function getGaugeRegistry(): GaugeRegistry {
  return registry;
}
