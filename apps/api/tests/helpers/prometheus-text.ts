/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A Prometheus text exposition parsed back: its samples and the declared type of each family. */
export interface PrometheusExposition {
  samples: PrometheusSample[];
  types: Map<string, string>;
  help: Map<string, string>;
  /** The value of the sample `name` with `labels` (a subset); undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SUFFIXES = ["_bucket", "_count", "_sum", "_total", "_created"];

/**
 * Parses Prometheus text format (0.0.4) as a scraper would, strictly: every line must be a HELP,
 * a TYPE or a sample, a family is declared at most once and before its samples, a sample's value
 * is a number (or NaN/+Inf/-Inf), and no series appears twice. Throws naming the first bad line.
 * (As packages/core's exposition test does; the API's /metrics adds families of its own.)
 */
export function parsePrometheusText(text: string): PrometheusExposition {
  const samples: PrometheusSample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const seen = new Set<string>();
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const helpLine = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(raw);
    if (helpLine) {
      if (help.has(helpLine[1]!)) throw new Error(`HELP of ${helpLine[1]} given twice`);
      help.set(helpLine[1]!, helpLine[2]!);
      continue;
    }
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(raw);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`TYPE of ${type[1]} given twice`);
      if (samples.some((s) => familyOf(s.name, types) === type[1])) throw new Error(`TYPE of ${type[1]} after its samples`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (raw.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(raw);
    if (!m) throw new Error(`malformed exposition line: ${raw}`);
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== "NaN") throw new Error(`not a number in: ${raw}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    const series = `${m[1]}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(series)) throw new Error(`series given twice: ${raw}`);
    seen.add(series);
    samples.push({ name: m[1]!, labels, value });
  }
  return {
    samples,
    types,
    help,
    value: (name, labels = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value,
  };
}

/** The family a sample belongs to: its name, or its name less a histogram's or counter's suffix. */
function familyOf(name: string, types: Map<string, string>): string {
  if (types.has(name)) return name;
  for (const suffix of SUFFIXES) if (name.endsWith(suffix) && types.has(name.slice(0, -suffix.length))) return name.slice(0, -suffix.length);
  return name;
}
