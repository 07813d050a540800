import { ReportSchema, renderReportHtml } from "@gma/core";
import { Router, type Request, type Response } from "express";
import { ConflictError } from "../errors/conflict-error";
import type { ApiServices } from "../services";
import { authorizeRequest } from "./request-auth";
import { sendError } from "./send-error";

/**
 * What the downloaded HTML may do once opened: show its inline styles and SVG, and nothing else
 * (no scripts, no requests), whatever a report's text holds.
 */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers of a report sent as a file to save, named `gma-report-<id>.<extension>`. */
function attach(res: Response, id: string, extension: "html" | "json", contentType: string): void {
  res.setHeader("Content-Type", contentType);
  // ids are cuids; anything else is dropped so that the header cannot be broken out of.
  res.setHeader("Content-Disposition", `attachment; filename="gma-report-${id.replace(/[^A-Za-z0-9_-]/g, "")}.${extension}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
}

/**
 * GET /analyses/:id/report.html and /analyses/:id/report.json: the analysis's screening report
 * as a file to save, the self-contained HTML page @gma/core renders (with the clinician's review,
 * when there is one) or the stored JSON (indented; the model's report alone).
 * Who may read the analysis may download its report (admins, and the clinician owning the
 * patient); otherwise 401/403/404 with `{ error: { code, message, hint } }`. Each download sent is
 * an audit event (`analysis.report_download`, with its format); a refused one is not. An analysis without a
 * report is NOT_FOUND; a stored report of a shape this version cannot render as HTML is CONFLICT
 * (its JSON still downloads).
 */
export function analysisReportRouter(services: ApiServices): Router {
  const router = Router();
  const load = async (req: Request<{ id: string }>) => {
    const { viewer, access } = await authorizeRequest(req, services, "http:analysis-report", "Your role may not read analyses.");
    return { viewer, ...(await services.analyses.report(viewer, access, req.params.id)) };
  };

  router.get("/analyses/:id/report.json", async (req, res) => {
    try {
      const { viewer, id, report } = await load(req);
      await services.analyses.recordReportDownload(viewer, id, "json");
      attach(res, id, "json", "application/json; charset=utf-8");
      res.status(200).end(JSON.stringify(report, null, 2));
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });

  router.get("/analyses/:id/report.html", async (req, res) => {
    try {
      const { viewer, id, report } = await load(req);
      const parsed = ReportSchema.safeParse(report);
      if (!parsed.success) {
        const version = (report as { schemaVersion?: unknown }).schemaVersion;
        throw new ConflictError(`This report (schema ${typeof version === "string" ? version : "unknown"}) has a shape this version cannot render as HTML.`, {
          hint: "Download it as JSON, or analyse the recording again.",
        });
      }
      const clinicianReview = await services.reviews.forReport(id);
      const html = renderReportHtml(parsed.data, { analysisId: id, ...(clinicianReview ? { clinicianReview } : {}) });
      await services.analyses.recordReportDownload(viewer, id, "html");
      attach(res, id, "html", "text/html; charset=utf-8");
      res.setHeader("Content-Security-Policy", HTML_POLICY);
      res.status(200).end(html);
    } catch (error) {
      sendError(res, error, res.locals.requestId as string, services.logger);
    }
  });
  return router;
}
