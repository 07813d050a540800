import { Registry, type Metric } from "prom-client";
import { bucketUpperMs, type HistogramSnapshot } from "./histogram";
import { getPerformanceSnapshot, type PerformanceSnapshot } from "./snapshot";

/** Prometheus `le` bounds in seconds for every duration histogram exported. */
export const PROMETHEUS_BUCKETS_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

type Labels = Record<string, string | number>;
interface Sample {
  value: number;
  labels: Labels;
  metricName?: string;
}

/**
 * A metric whose values come from a snapshot rather than from in-process observation: prom-client
 * renders (and, in an AggregatorRegistry, merges) any object with `name`, `help`, `type`, `get()`.
 */
class SnapshotMetric {
  readonly aggregator = "sum";
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge" | "histogram",
    private readonly values: Sample[],
  ) {}
  get(): { name: string; help: string; type: string; values: Sample[]; aggregator: string } {
    return { name: this.name, help: this.help, type: this.type, values: this.values, aggregator: this.aggregator };
  }
}

/**
 * Histogram samples in seconds. Our log buckets do not line up with the `le` bounds, so an
 * observation counts under a bound only when its whole bucket lies below it: counts are exact
 * at +Inf and never overstated elsewhere (understated by at most one bucket's width, ~9 %).
 */
function histogramSamples(name: string, h: HistogramSnapshot, labels: Labels): Sample[] {
  const out: Sample[] = [];
  let i = 0;
  let cumulative = 0;
  for (const le of PROMETHEUS_BUCKETS_SECONDS) {
    while (i < h.buckets.length && bucketUpperMs(h.buckets[i]![0]) <= le * 1000) cumulative += h.buckets[i++]![1];
    out.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
  }
  out.push({ metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: h.count });
  out.push({ metricName: `${name}_sum`, labels, value: h.sumMs / 1000 });
  out.push({ metricName: `${name}_count`, labels, value: h.count });
  return out;
}

/**
 * A prom-client registry holding every GMA metric, named after Triton's (`nv_` -> `gma_`), with
 * the values of `snapshot` (this process's by default; pass {@link mergeSnapshots} output to
 * expose a fleet of processes).
 */
export function createMetricsRegistry(snapshot: PerformanceSnapshot = getPerformanceSnapshot()): Registry {
  const registry = new Registry();
  const add = (name: string, help: string, type: "counter" | "gauge" | "histogram", values: Sample[]): void => {
    registry.registerMetric(new SnapshotMetric(name, help, type, values) as unknown as Metric);
  };
  const batchers = Object.values(snapshot.batchers);
  const perBatcher = (pick: (b: (typeof batchers)[number]) => number): Sample[] => batchers.map((b) => ({ labels: { model: b.name }, value: pick(b) }));
  add("gma_inference_request_success", "Inference requests that succeeded", "counter", perBatcher((b) => b.succeeded));
  add(
    "gma_inference_request_failure",
    "Inference requests that failed, by reason",
    "counter",
    batchers.flatMap((b) => [
      { labels: { model: b.name, reason: "execution" }, value: b.failed },
      { labels: { model: b.name, reason: "timeout" }, value: b.timedOut },
      { labels: { model: b.name, reason: "cancelled" }, value: b.cancelled },
      { labels: { model: b.name, reason: "queue_full" }, value: b.rejected },
    ]),
  );
  add("gma_inference_count", "Inferences performed (items, not batches)", "counter", perBatcher((b) => b.executedRequests));
  add("gma_inference_exec_count", "Model executions (batches)", "counter", perBatcher((b) => b.executions));
  add("gma_inference_pending_request_count", "Requests waiting in the queue", "gauge", perBatcher((b) => b.queued));
  add("gma_inference_request_duration_seconds", "End-to-end request time (queue + compute) of successful requests", "histogram", batchers.flatMap((b) => histogramSamples("gma_inference_request_duration_seconds", b.requestTime, { model: b.name })));
  add("gma_inference_queue_duration_seconds", "Time requests waited in the queue", "histogram", batchers.flatMap((b) => histogramSamples("gma_inference_queue_duration_seconds", b.queueTime, { model: b.name })));
  add("gma_inference_compute_duration_seconds", "Duration of model executions", "histogram", batchers.flatMap((b) => histogramSamples("gma_inference_compute_duration_seconds", b.computeTime, { model: b.name })));

  // Worker-thread model instances (Triton's instance groups).
  const pools = Object.values(snapshot.instancePools ?? {});
  const perPool = (pick: (p: (typeof pools)[number]) => number): Sample[] => pools.map((p) => ({ labels: { model: p.name }, value: pick(p) }));
  add("gma_model_instances", "Model instances (worker threads) alive", "gauge", perPool((p) => p.instances));
  add("gma_model_instance_busy", "Model instances running a request now", "gauge", perPool((p) => p.busy));
  add("gma_model_instance_queue_size", "Requests waiting for a free model instance", "gauge", perPool((p) => p.queued));
  add("gma_model_instance_runs_total", "Runs started on model instances", "counter", perPool((p) => p.runs));
  add("gma_model_instance_failures_total", "Runs on model instances that failed (onnxruntime errors, instances that died)", "counter", perPool((p) => p.failed));
  add("gma_model_instance_restarts_total", "Model instances started again after their thread died", "counter", perPool((p) => p.restarts));
  add("gma_model_instance_compute_seconds_total", "Time model instances spent running, summed over instances", "counter", perPool((p) => p.computeMs / 1000));

  // The application's own gauges (the API's open subscriptions), one sample each.
  for (const g of Object.values(snapshot.gauges ?? {})) add(g.name, g.help, "gauge", [{ labels: {}, value: g.value }]);

  const models = Object.values(snapshot.modelCaches);
  const perCache = (pick: (c: (typeof models)[number]) => number): Sample[] => models.map((c) => ({ labels: { cache: c.name }, value: pick(c) }));
  add("gma_model_cache_hits_total", "Model cache gets served by a resident model", "counter", perCache((c) => c.hits));
  add("gma_model_cache_misses_total", "Model cache gets that found no resident model", "counter", perCache((c) => c.misses));
  add("gma_model_loads_total", "Models loaded", "counter", perCache((c) => c.loads));
  add("gma_model_load_failures_total", "Model loads that failed", "counter", perCache((c) => c.loadFailures));
  add("gma_model_cache_evictions_total", "Models evicted", "counter", perCache((c) => c.evictions));
  add("gma_model_load_duration_seconds", "Time to load a model", "histogram", models.flatMap((c) => histogramSamples("gma_model_load_duration_seconds", c.loadDurations, { cache: c.name })));
  add("gma_model_resident_bytes", "Bytes of each resident model", "gauge", models.flatMap((c) => c.models.map((m) => ({ labels: { cache: c.name, model: m.key }, value: m.bytes }))));

  const results = Object.values(snapshot.resultCaches);
  const perResult = (pick: (c: (typeof results)[number]) => number): Sample[] => results.map((c) => ({ labels: { cache: c.name }, value: pick(c) }));
  add("gma_result_cache_hits_total", "Result cache hits", "counter", perResult((c) => c.hits));
  add("gma_result_cache_misses_total", "Result cache misses", "counter", perResult((c) => c.misses));
  add("gma_result_cache_coalesced_total", "Calls that joined a computation in progress", "counter", perResult((c) => c.coalesced));
  add("gma_result_cache_evictions_total", "Results evicted for space", "counter", perResult((c) => c.evictions));
  add("gma_result_cache_size", "Results cached now", "gauge", perResult((c) => c.size));

  add("gma_function_duration_seconds", "Duration of functions wrapped with timed()", "histogram", Object.entries(snapshot.timings).flatMap(([name, h]) => histogramSamples("gma_function_duration_seconds", h, { name })));

  const mem = snapshot.memory.process;
  add(
    "gma_process_memory_bytes",
    "Process memory by kind (summed over processes in a merged snapshot)",
    "gauge",
    (["rss", "heapTotal", "heapUsed", "external", "arrayBuffers"] as const).map((k) => ({ labels: { type: k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) }, value: mem[k] })),
  );
  if (snapshot.memory.gpus.length > 0) {
    add("gma_gpu_memory_used_bytes", "GPU memory in use", "gauge", snapshot.memory.gpus.map((g) => ({ labels: { host: g.host, gpu: g.index }, value: g.usedBytes })));
    add("gma_gpu_memory_total_bytes", "GPU memory in total", "gauge", snapshot.memory.gpus.map((g) => ({ labels: { host: g.host, gpu: g.index }, value: g.totalBytes })));
  }
  return registry;
}

/** Prometheus text exposition of `snapshot` (this process's by default). */
export async function renderPrometheus(snapshot?: PerformanceSnapshot): Promise<string> {
  return createMetricsRegistry(snapshot).metrics();
}

/** The content type to serve {@link renderPrometheus}'s text with. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
