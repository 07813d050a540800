/** A stored snapshot of one process, as performanceHistory answers it. */
export interface HistoryPoint {
  takenAt: string;
  process: { host: string; pid: number; role?: string | null };
}

/** "worker 1234" (plus the host when several hosts report). */
export function processLabel(process: HistoryPoint["process"], withHost = false): string {
  return `${process.role ?? "process"} ${process.pid}${withHost ? `@${process.host}` : ""}`;
}

/**
 * Turns per-process snapshots into one row per snapshot time with a column per process, the
 * shape a multi-line chart wants. `value` returns null where a snapshot has no figure.
 */
export function pivotByProcess<P extends HistoryPoint>(points: readonly P[], value: (point: P) => number | null): { rows: ({ t: number } & Record<string, number | null>)[]; keys: string[] } {
  const hosts = new Set(points.map((p) => p.process.host));
  const keys = new Set<string>();
  const rows = new Map<number, { t: number } & Record<string, number | null>>();
  for (const point of points) {
    const v = value(point);
    if (v === null) continue;
    const key = processLabel(point.process, hosts.size > 1);
    keys.add(key);
    const t = Date.parse(point.takenAt);
    const row = rows.get(t) ?? { t };
    row[key] = v;
    rows.set(t, row);
  }
  return { rows: [...rows.values()].sort((a, b) => a.t - b.t), keys: [...keys].sort() };
}

/** The function whose latency matters most on the overview: inference if timed, else the slowest. */
export function pickHeadlineFunction(names: { name: string; p95Ms: number }[]): string | undefined {
  const inference = names.filter((f) => /infer|onnx|score|pose|model/i.test(f.name)).sort((a, b) => b.p95Ms - a.p95Ms)[0];
  return (inference ?? [...names].sort((a, b) => b.p95Ms - a.p95Ms)[0])?.name;
}
