import { afterEach, describe, expect, it } from "vitest";
import { ModelCache, ResultCache } from "../../src/cache";
import { DynamicBatcher } from "../../src/batching";
import { buildMlpModel, getInstancePoolRegistry, SessionInstancePool } from "../../src/inference";
import { getGaugeRegistry, getPerformanceSnapshot, mergeSnapshots, renderPrometheus, resetPerformanceStats, timed } from "../../src/perf";

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition back into samples (and checks every line is well formed). */
function parse(text: string): { lines: Line[]; types: Map<string, string> } {
  const lines: Line[] = [];
  const types = new Map<string, string>();
  for (const raw of text.split("\n")) {
    if (raw === "") continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(raw);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (raw.startsWith("# HELP ")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(raw);
    if (!m) throw new Error(`malformed exposition line: ${raw}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    lines.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { lines, types };
}
const find = (lines: Line[], name: string, labels: Record<string, string> = {}): number | undefined =>
  lines.find((l) => l.name === name && Object.entries(labels).every(([k, v]) => l.labels[k] === v))?.value;

const owned: Array<{ dispose?: () => unknown; close?: (o: { drain: boolean }) => unknown }> = [];
afterEach(async () => {
  resetPerformanceStats();
  for (const o of owned.splice(0)) await (o.dispose?.() ?? o.close?.({ drain: false }));
});

describe("Prometheus exposition", () => {
  it("renders every kind of statistic under Triton-style names that parse back to the recorded values", async () => {
    const tag = Math.random().toString(36).slice(2);
    const models = new ModelCache<{ release(): void }>({ name: `models-${tag}` });
    const results = new ResultCache({ name: `results-${tag}` });
    const batcher = new DynamicBatcher<number, number>({ name: `mlp-${tag}`, maxBatchSize: 4, execute: (xs) => xs });
    owned.push(models, results, batcher);
    await models.get("anomaly", (ctx) => (ctx.setBytes(1234), { release() {} }));
    await models.get("anomaly", () => ({ release() {} }));
    const sq = results.wrap((x: number) => x * x);
    sq(2);
    sq(2);
    sq(3);
    await Promise.all([1, 2, 3, 4, 5, 6].map((x) => batcher.submit(x)));
    timed(`fn_${tag}`)(() => 1)();

    const { lines, types } = parse(await renderPrometheus());
    const model = { model: `mlp-${tag}` };
    expect(find(lines, "gma_inference_count", model)).toBe(6);
    expect(find(lines, "gma_inference_exec_count", model)).toBe(2);
    expect(find(lines, "gma_inference_request_success", model)).toBe(6);
    expect(find(lines, "gma_inference_request_duration_seconds_count", model)).toBe(6);
    expect(find(lines, "gma_inference_request_duration_seconds_bucket", { ...model, le: "+Inf" })).toBe(6);
    expect(find(lines, "gma_model_cache_hits_total", { cache: `models-${tag}` })).toBe(1);
    expect(find(lines, "gma_model_loads_total", { cache: `models-${tag}` })).toBe(1);
    expect(find(lines, "gma_model_load_duration_seconds_count", { cache: `models-${tag}` })).toBe(1);
    expect(find(lines, "gma_model_resident_bytes", { cache: `models-${tag}`, model: "anomaly" })).toBe(1234);
    expect(find(lines, "gma_result_cache_hits_total", { cache: `results-${tag}` })).toBe(1);
    expect(find(lines, "gma_result_cache_misses_total", { cache: `results-${tag}` })).toBe(2);
    expect(find(lines, "gma_result_cache_size", { cache: `results-${tag}` })).toBe(2);
    expect(find(lines, "gma_function_duration_seconds_count", { name: `fn_${tag}` })).toBe(1);
    expect(find(lines, "gma_process_memory_bytes", { type: "rss" })).toBeGreaterThan(0);
    expect(types.get("gma_inference_request_duration_seconds")).toBe("histogram");
    expect(types.get("gma_model_cache_hits_total")).toBe("counter");

    // Buckets are cumulative and never exceed the count.
    const buckets = lines.filter((l) => l.name === "gma_inference_compute_duration_seconds_bucket" && l.labels.model === model.model).map((l) => l.value);
    expect(buckets.every((v, i) => i === 0 || v >= buckets[i - 1]!)).toBe(true);
    expect(buckets.at(-1)).toBe(2);
  });

  it("aggregates snapshots of several processes into one exposition", async () => {
    const tag = Math.random().toString(36).slice(2);
    const batcher = new DynamicBatcher<number, number>({ name: `agg-${tag}`, maxBatchSize: 2, execute: (xs) => xs });
    owned.push(batcher);
    await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
    timed(`agg_${tag}`)(() => 1)();
    const one = JSON.parse(JSON.stringify(getPerformanceSnapshot({ role: "api" })));
    const two = JSON.parse(JSON.stringify(getPerformanceSnapshot({ role: "worker" })));
    const merged = mergeSnapshots([one, two]);
    expect(merged.sources.map((s) => s.role)).toEqual(["api", "worker"]);
    const stats = merged.batchers[`agg-${tag}`]!;
    expect(stats).toMatchObject({ executedRequests: 6, executions: 4, avgBatchSize: 1.5 });
    expect(merged.timings[`agg_${tag}`]!.count).toBe(2);
    expect(merged.memory.process.rss).toBe(one.memory.process.rss + two.memory.process.rss);
    const { lines } = parse(await renderPrometheus(merged));
    expect(find(lines, "gma_inference_count", { model: `agg-${tag}` })).toBe(6);
  });

  it("exposes worker-thread model instances, merges them across processes and forgets a released pool", async () => {
    const tag = Math.random().toString(36).slice(2);
    const model = buildMlpModel({ inputSize: 4, layerSizes: [8, 2], seed: 2 });
    const pool = await SessionInstancePool.create(model.bytes, { instances: 2, sessionOptions: { intraOpNumThreads: 1 }, name: `pool-${tag}` });
    try {
      await Promise.all([1, 2, 3].map((k) => pool.run({ input: { type: "float32", data: new Float32Array(4).fill(k), dims: [1, 4] } })));
      const snapshot = JSON.parse(JSON.stringify(getPerformanceSnapshot())) as ReturnType<typeof getPerformanceSnapshot>;
      expect(snapshot.instancePools![`pool-${tag}`]).toMatchObject({ instances: 2, runs: 3, failed: 0, busy: 0, queued: 0 });
      const { lines, types } = parse(await renderPrometheus(snapshot));
      const labels = { model: `pool-${tag}` };
      expect(find(lines, "gma_model_instances", labels)).toBe(2);
      expect(find(lines, "gma_model_instance_runs_total", labels)).toBe(3);
      expect(find(lines, "gma_model_instance_failures_total", labels)).toBe(0);
      expect(find(lines, "gma_model_instance_compute_seconds_total", labels)).toBeGreaterThan(0);
      expect(types.get("gma_model_instance_runs_total")).toBe("counter");
      // Two processes' pools of the same name add up; a snapshot from before pools existed merges too.
      const { instancePools: _, ...older } = snapshot;
      const merged = mergeSnapshots([snapshot, snapshot, older]);
      expect(merged.instancePools![`pool-${tag}`]).toMatchObject({ instances: 4, runs: 6 });
    } finally {
      await pool.release();
    }
    expect(getInstancePoolRegistry().get(`pool-${tag}`)).toBeUndefined();
  });

  it("exposes an application's gauges, read when the snapshot is taken, sums them over readers and processes, and forgets one unregistered", async () => {
    const name = `gma_test_open_${Math.random().toString(36).slice(2)}`;
    let open = 2;
    const first = getGaugeRegistry().register(name, "Things open in a test", () => open);
    // A second server in the same process counts under the same name.
    const second = getGaugeRegistry().register(name, "Things open in a test", () => 1);
    try {
      open = 3;
      const snapshot = JSON.parse(JSON.stringify(getPerformanceSnapshot())) as ReturnType<typeof getPerformanceSnapshot>;
      expect(snapshot.gauges![name]).toEqual({ name, help: "Things open in a test", value: 4 });
      const { lines, types } = parse(await renderPrometheus(snapshot));
      expect(find(lines, name)).toBe(4);
      expect(types.get(name)).toBe("gauge");
      // Two processes' gauges add up; a snapshot from before gauges existed merges too.
      const { gauges: _, ...older } = snapshot;
      const merged = mergeSnapshots([snapshot, snapshot, older]);
      expect(merged.gauges![name]!.value).toBe(8);
      expect(find(parse(await renderPrometheus(merged)).lines, name)).toBe(8);
      second();
      second();
      expect(getGaugeRegistry().stats()[name]!.value).toBe(3);
    } finally {
      first();
      second();
    }
    expect(getGaugeRegistry().stats()[name]).toBeUndefined();
    expect(parse(await renderPrometheus()).lines.some((l) => l.name === name)).toBe(false);
  });

  it("refuses a gauge whose name Prometheus would not accept, or a second meaning for a name", () => {
    expect(() => getGaugeRegistry().register("gma open", "x", () => 0)).toThrow(/not a Prometheus metric name/);
    const name = `gma_test_meaning_${Math.random().toString(36).slice(2)}`;
    const off = getGaugeRegistry().register(name, "one meaning", () => 0);
    try {
      expect(() => getGaugeRegistry().register(name, "another meaning", () => 0)).toThrow(/one name, one meaning/);
    } finally {
      off();
    }
  });

  it("refuses to merge a snapshot of an unknown version", () => {
    const bad = { ...getPerformanceSnapshot(), version: 2 } as unknown as ReturnType<typeof getPerformanceSnapshot>;
    expect(() => mergeSnapshots([bad])).toThrow(/version/);
  });
});
