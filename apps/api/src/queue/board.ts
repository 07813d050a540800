import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Router } from "express";
import { accessOf } from "../auth/permission-matrix";
import { ForbiddenError } from "../errors/forbidden-error";
import { UnauthenticatedError } from "../errors/unauthenticated-error";
import { resolveViewer } from "../http/request-auth";
import { sendError } from "../http/send-error";
import type { ApiServices } from "../services";

/** Base path of bull-board. */
export const BOARD_PATH = "/admin/queues";

/** bull-board over both queues, behind the session cookie: admins only, others 403. */
export function boardRouter(services: ApiServices): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(services.queues.analysis), new BullMQAdapter(services.queues.maintenance)],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "GMA Insight queues" } },
  });
  const router = Router();
  router.use(BOARD_PATH, async (req, res, next) => {
    try {
      const viewer = await resolveViewer(req, services);
      if (!viewer) throw new UnauthenticatedError();
      if (accessOf(viewer.role, "http:admin-queues") === "none") throw new ForbiddenError("Only administrators see the queues.");
      next();
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });
  router.use(BOARD_PATH, adapter.getRouter() as Router);
  return router;
}
