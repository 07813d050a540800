export { Histogram, HISTOGRAM_BUCKETS, bucketIndex, bucketUpperMs } from "./histogram";
export type { HistogramSnapshot, HistogramStats } from "./histogram";
export { PerformanceMonitor, getPerformanceMonitor, timed, getPerformanceStats, resetPerformanceStats } from "./performance-monitor";
export type { AnyFunction, FunctionOrMethodWrapper } from "./method-wrapper";
export { getPerformanceSnapshot, mergeSnapshots, mergeTimings } from "./snapshot";
export type { PerformanceSnapshot, SnapshotSource } from "./snapshot";
export { createMetricsRegistry, renderPrometheus, PROMETHEUS_BUCKETS_SECONDS, PROMETHEUS_CONTENT_TYPE } from "./prometheus";
export { GaugeRegistry, getGaugeRegistry } from "./gauge-registry";
export type { GaugeSnapshot } from "./gauge-registry";
