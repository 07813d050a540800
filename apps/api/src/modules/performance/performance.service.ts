import type { Queues } from "../../queue/queues";

/** Queue and process figures (the core monitor's timings plug in here as they land). */
export class PerformanceService {
  constructor(private readonly queues: Queues) {}

  async queueStats() {
    return Promise.all(
      [this.queues.analysis, this.queues.maintenance].map(async (queue) => {
        const [counts, workers] = await Promise.all([
          queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized"),
          queue.getWorkersCount(),
        ]);
        return {
          name: queue.name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          workers,
        };
      }),
    );
  }

  memory() {
    const m = process.memoryUsage();
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external, arrayBuffersBytes: m.arrayBuffers };
  }
}
