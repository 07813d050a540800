import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { ApiServices } from "../services";

/**
 * GET /metrics in Prometheus text format, for a scraper holding METRICS_TOKEN (as a bearer
 * token). Queue counts are global (read from Redis); process figures are this API process's.
 */
export function metricsRouter(services: ApiServices): Router {
  const router = Router();
  router.get("/metrics", async (req, res) => {
    const expected = services.config.metricsToken;
    if (!expected) return void res.status(404).type("text/plain").send("metrics disabled: set METRICS_TOKEN\n");
    const given = req.headers.authorization?.startsWith("Bearer ") ? req.headers.authorization.slice(7) : "";
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return void res.status(401).type("text/plain").send("bad or missing metrics token\n");
    const lines: string[] = [];
    const metric = (name: string, help: string, type: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const queues = await services.performance.queueStats();
    for (const state of ["waiting", "active", "delayed", "completed", "failed"] as const) {
      metric(`gma_queue_${state}_jobs`, `Jobs ${state} per queue.`, "gauge", queues.map((q) => [`{queue="${q.name}"}`, q[state]]));
    }
    metric("gma_queue_workers", "Workers connected per queue.", "gauge", queues.map((q) => [`{queue="${q.name}"}`, q.workers]));
    const mem = services.performance.memory();
    metric("gma_process_resident_memory_bytes", "Resident memory of the API process.", "gauge", [[`{process="api"}`, mem.rssBytes]]);
    metric("gma_process_heap_used_bytes", "V8 heap in use in the API process.", "gauge", [[`{process="api"}`, mem.heapUsedBytes]]);
    res.type("text/plain; version=0.0.4").send(lines.join("\n") + "\n");
  });
  return router;
}
