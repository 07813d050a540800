import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import { renderBackupMetrics } from "../monitoring/backup-metrics";
import type { ApiServices } from "../services";
import { sendError } from "./send-error";

/**
 * GET /metrics in Prometheus text format, for a scraper holding METRICS_TOKEN (as a bearer
 * token): queue counts, the core monitor's figures merged over the API and every worker
 * (each publishes its snapshot to Redis), and the database backup's age, size, duration and
 * failures, read from the runs in the database (the same in every process).
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
    try {
      const [{ contentType, text }, backup] = await Promise.all([services.performance.metricsText(), services.maintenance.backupStatus()]);
      res.type(contentType).send(`${text}\n${renderBackupMetrics(backup)}`);
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });
  return router;
}
