import { once } from "node:events";
import { Router } from "express";
import { z } from "zod";
import { BadUserInputError } from "../errors/bad-user-input-error";
import { AUDIT_ACTION_FILTER } from "../modules/audit/audit-event.input";
import type { ApiServices } from "../services";
import { csvLine } from "./csv-line";
import { authorizeRequest } from "./request-auth";
import { sendError } from "./send-error";

/** The export's filter, from the query string: the auditEvents query's, as text. */
const ExportQuery = z.object({
  action: z.string().max(64).regex(AUDIT_ACTION_FILTER, 'action must be a dotted verb such as "user.create", or a kind with a dot such as "analysis."').optional(),
  actorId: z.string().max(64).optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const COLUMNS = ["time", "actor_email", "actor_name", "action", "target_type", "target_id", "details"];

/**
 * GET /audit-events.csv?action=&actorId=&targetType=&targetId=&from=&to=: the audit log as a CSV
 * file (`gma-audit-<date>.csv`), newest first, with the filters of the `auditEvents` query, for
 * administrators. Streamed in keyset batches (a long log is never held in memory), each batch
 * written as the client takes it. The export is itself recorded (`audit.export`, with its filter)
 * before the first row, so it heads its own file. A bad filter is 400 BAD_USER_INPUT in JSON.
 */
export function auditExportRouter(services: ApiServices): Router {
  const router = Router();
  router.get("/audit-events.csv", async (req, res) => {
    try {
      const { viewer } = await authorizeRequest(req, services, "http:audit-export", "Only administrators may export the audit log.");
      const parsed = ExportQuery.safeParse(req.query);
      if (!parsed.success) {
        throw new BadUserInputError(`The export's filter is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.`, {
          hint: "Use the filters of the audit log page; times as ISO 8601 with a time zone.",
        });
      }
      const q = parsed.data;
      const filter = { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
      await services.audit.recordExport(viewer, filter);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="gma-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.status(200);
      // A byte-order mark, so that spreadsheets read the names as UTF-8.
      res.write(`\uFEFF${csvLine(COLUMNS)}`);
      for await (const { events, actors } of services.audit.batches(filter)) {
        let chunk = "";
        for (const e of events) {
          const actor = e.actorId ? actors.get(e.actorId) : undefined;
          chunk += csvLine([e.createdAt.toISOString(), actor?.email ?? null, actor?.displayName ?? (e.actorId ? null : "system"), e.action, e.targetType, e.targetId, e.details === null ? null : JSON.stringify(e.details)]);
        }
        if (res.destroyed) return;
        if (!res.write(chunk)) await once(res, "drain");
      }
      res.end();
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });
  return router;
}
