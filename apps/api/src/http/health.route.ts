import { Router } from "express";
import type { ApiServices } from "../services";

/** /healthz: the process answers. /readyz: database, Redis and the models answer (503 otherwise). */
export function healthRouter(services: ApiServices): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 3000);
        return { ok: true as const };
      } catch (error) {
        return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
      }
    };
    const [database, redis, models] = await Promise.all([
      check(() => services.prisma.$queryRawUnsafe("SELECT 1")),
      check(() => services.redis.ping()),
      check(() => services.runner.checkReady()),
    ]);
    const ready = database.ok && redis.ok && models.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready", checks: { database, redis, models } });
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
